package org.metergate.camel;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.metergate.receiver.Reception;
import org.metergate.wmbus.MeterId;
import org.metergate.wmbus.WmbusException;
import org.metergate.wmbus.WmbusTelegram;

/**
 * The body of a {@code wmbus:} exchange: one received telegram, decoded or with the reason it could
 * not be (never both). {@code meter} is known whenever the link layer was readable, so a "no key" or
 * "decryption failed" can be reported per meter.
 *
 * @param receiverId the receiver that heard it best
 * @param rssi its signal strength (dBm) or null
 * @param receptions every receiver that heard it within the deduplication window, strongest first
 * @param receivedAt when the best reception arrived
 * @param raw the frame as that receiver delivered it
 * @param telegram the decoded telegram, or null
 * @param error why it could not be decoded, or null
 */
public record WmbusMessage(String receiverId, Integer rssi, List<Reception> receptions, Instant receivedAt, byte[] raw,
        WmbusTelegram telegram, WmbusException error) {

    public WmbusMessage {
        receptions = List.copyOf(receptions);
        raw = raw.clone();
    }

    public boolean ok() {
        return telegram != null;
    }

    /** The meter's identity (TPL long header, else link layer), or null when not even the link layer was readable. */
    public MeterId meter() {
        if (telegram != null) {
            return telegram.meter();
        }
        return error != null && error.link() != null ? error.link().meter() : null;
    }

    /** OK, or the decoder's reason (NO_KEY, DECRYPTION_FAILED, CRC, ...). */
    public String status() {
        return telegram != null ? "OK" : error.reason().name();
    }

    /** "no key: ..." and the like; null when decoded. */
    public String errorMessage() {
        return error == null ? null : error.reason().label() + ": " + error.getMessage();
    }

    public String rawHex() {
        return HexFormat.of().withUpperCase().formatHex(raw);
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    @Override
    public String toString() {
        MeterId m = meter();
        return "WmbusMessage[" + receiverId + " rssi=" + rssi + " meter=" + (m == null ? "?" : m) + " " + status() + "]";
    }
}
