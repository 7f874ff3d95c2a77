package org.metergate.receiver;

import java.time.Clock;
import java.util.Locale;
import org.metergate.wmbus.FrameFormat;

/** How a receiver's bytes are framed; independent of the transport (serial, TCP, stdin). */
public enum Framing {
    /** IMST iM871A HCI. */
    IM871A,
    /** Amber AMB8465 command mode (transparent frames accepted too). */
    AMB8465,
    /** One telegram per text line (hex, hex;rssi, rtl-wmbus). */
    HEX;

    public static Framing parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unknown receiver framing '" + s + "' (im871a, amb8465, hex)");
        }
    }

    public boolean binary() {
        return this != HEX;
    }

    /** Serial speed of the stick (iM871A 57600, AMB8465 9600 baud). */
    public int defaultBaud() {
        return this == IM871A ? 57_600 : 9_600;
    }

    public FrameParser parser(String receiverId, FrameListener listener, Clock clock, FrameFormat lineFormat) {
        return switch (this) {
            case IM871A -> Im871a.parser(receiverId, listener, clock);
            case AMB8465 -> Amb8465.parser(receiverId, listener, clock, true, true);
            case HEX -> HexLines.parser(receiverId, listener, clock, lineFormat);
        };
    }

    /** What to send once the stick is open so it listens in {@code mode}; empty for text feeds. */
    public byte[] initCommand(LinkMode mode) {
        return switch (this) {
            case IM871A -> Im871a.setConfigRequest(mode);
            case AMB8465 -> Amb8465.setModeRequest(mode);
            case HEX -> new byte[0];
        };
    }
}
