package org.metergate.mbus;

/**
 * An EN 13757-2 link-layer frame. The four shapes are the only ones on a wired M-Bus; parse and
 * encode them with {@link FrameCodec}, split a byte stream into them with {@link FrameReader}.
 */
public sealed interface Frame permits Frame.Ack, Frame.ShortFrame, Frame.ControlFrame, Frame.LongFrame {

    /** Single character E5h: a slave's acknowledgement of SND_NKE / SND_UD. */
    record Ack() implements Frame {
    }

    /** {@code 10 C A CS 16}: SND_NKE, REQ_UD1/2 from the master. */
    record ShortFrame(int c, int a) implements Frame {
        public ShortFrame {
            checkByte("C", c);
            checkByte("A", a);
        }
    }

    /** {@code 68 03 03 68 C A CI CS 16}: a long frame without user data (e.g. application reset). */
    record ControlFrame(int c, int a, int ci) implements Frame {
        public ControlFrame {
            checkByte("C", c);
            checkByte("A", a);
            checkByte("CI", ci);
        }
    }

    /** {@code 68 L L 68 C A CI data CS 16}: SND_UD from the master or RSP_UD from a slave. */
    record LongFrame(int c, int a, int ci, Bytes data) implements Frame {
        /** L is one byte and counts C, A, CI and the data: at most 252 data bytes. */
        public static final int MAX_DATA = 252;

        public LongFrame {
            checkByte("C", c);
            checkByte("A", a);
            checkByte("CI", ci);
            if (data == null || data.length() > MAX_DATA) {
                throw new MbusEncodeException("long frame data must be 0.." + MAX_DATA + " bytes");
            }
        }
    }

    private static void checkByte(String name, int v) {
        if (v < 0 || v > 0xFF) {
            throw new MbusEncodeException(name + " must be a byte: " + v);
        }
    }
}
