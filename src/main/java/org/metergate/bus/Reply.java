package org.metergate.bus;

import org.metergate.mbus.Frame;

/**
 * What came back after a request: nothing, exactly one valid frame, or a collision (garbled
 * bytes, a checksum error, or more than one answer).
 *
 * @param frame the answer for {@link Kind#SINGLE}, else null
 * @param raw every byte received in the answer window (for the raw log and re-decoding)
 */
public record Reply(Kind kind, Frame frame, byte[] raw, String detail) {

    public enum Kind { NONE, SINGLE, COLLISION }

    public boolean isSingle() {
        return kind == Kind.SINGLE;
    }

    public boolean isAck() {
        return kind == Kind.SINGLE && frame instanceof Frame.Ack;
    }
}
