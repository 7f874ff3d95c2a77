package org.metergate.receiver;

import java.time.Instant;
import java.util.HexFormat;
import org.metergate.wmbus.FrameFormat;

/**
 * One wireless M-Bus frame as a receiver delivered it: the bytes from L on (with or without the
 * link-layer CRCs, as {@code format} says), the signal strength when the receiver reports one, the
 * receiver's id and when it arrived.
 *
 * @param receiverId the receiver (endpoint) id, e.g. {@code rx1}
 * @param frame L to the end, RSSI/LQI/checksums of the receiver's framing removed
 * @param format how the link-layer CRCs are carried (dongles strip them: NO_CRC)
 * @param rssi signal strength in dBm, or null when the receiver gives none
 * @param receivedAt when the frame was complete
 */
public record ReceivedFrame(String receiverId, byte[] frame, FrameFormat format, Integer rssi, Instant receivedAt) {

    public ReceivedFrame {
        frame = frame.clone();
    }

    @Override
    public byte[] frame() {
        return frame.clone();
    }

    public String hex() {
        return HexFormat.of().withUpperCase().formatHex(frame);
    }

    @Override
    public String toString() {
        return "ReceivedFrame[" + receiverId + ", " + format + ", rssi=" + rssi + ", " + hex() + "]";
    }
}
