package org.metergate.mbus;

/**
 * Frames an operator types by hand (SPEC A8, "send command"): the checksum and stop byte worked out for
 * them, so a frame can be written as {@code 10 40 05} or {@code 68 06 06 68 53 05 51 01 7A 07}.
 */
public final class RawFrames {

    private RawFrames() {}

    /**
     * Completes a short ({@code 10 C A}) or long/control ({@code 68 L L 68 C A CI data…}) frame with its checksum
     * and stop byte. A frame given whole (with any checksum and the stop byte 16) gets its checksum replaced.
     * The result is then checked like any frame ({@link FrameCodec#parse}).
     *
     * @throws MbusDecodeException naming what is wrong (start byte, length bytes, size)
     */
    public static byte[] withChecksum(byte[] head) throws MbusDecodeException {
        if (head.length == 0) {
            throw new MbusDecodeException("empty frame", 0);
        }
        int start = head[0] & 0xFF;
        int body;
        int from;
        if (start == FrameCodec.SHORT_START) {
            from = 1;
            body = 2;
        } else if (start == FrameCodec.LONG_START) {
            if (head.length < 4) {
                throw new MbusDecodeException("long frame header truncated: give 68 L L 68 C A CI and the data", head.length);
            }
            int l = head[1] & 0xFF;
            if ((head[2] & 0xFF) != l) {
                throw new MbusDecodeException("length bytes differ (" + l + " and " + (head[2] & 0xFF) + ")", 2);
            }
            if ((head[3] & 0xFF) != FrameCodec.LONG_START) {
                throw new MbusDecodeException("second start byte is not 68", 3);
            }
            if (l < 3) {
                throw new MbusDecodeException("length field " + l + " below 3 (C, A, CI)", 1);
            }
            from = 4;
            body = l;
        } else {
            throw new MbusDecodeException(String.format("start byte 0x%02X: a master sends short (10) or long (68) frames",
                    start), 0);
        }
        int without = from + body;
        int whole = without + 2;
        if (head.length != without && !(head.length == whole && (head[whole - 1] & 0xFF) == FrameCodec.STOP)) {
            throw new MbusDecodeException("frame has " + head.length + " bytes; with checksum auto give " + without
                    + " (without checksum and stop byte)" + (start == FrameCodec.LONG_START ? ": the L field " + body
                    + " counts C, A, CI and the data" : ""), Math.min(head.length, without));
        }
        byte[] out = new byte[whole];
        System.arraycopy(head, 0, out, 0, without);
        out[without] = (byte) FrameCodec.sum(out, from, body);
        out[without + 1] = (byte) FrameCodec.STOP;
        FrameCodec.parse(out);
        return out;
    }
}
