package org.metergate.mbus;

/** Parses and encodes single EN 13757-2 frames with checksum, length and stop-byte checks. */
public final class FrameCodec {
    public static final int ACK = 0xE5;
    public static final int SHORT_START = 0x10;
    public static final int LONG_START = 0x68;
    public static final int STOP = 0x16;
    /** The longest legal frame: 68 L L 68 + 255 bytes + CS 16. */
    public static final int MAX_FRAME = 4 + 255 + 2;

    private FrameCodec() {
    }

    public static Frame parse(byte[] b) throws MbusDecodeException {
        return parse(b, 0, b.length);
    }

    /** Parses exactly one frame occupying {@code len} bytes; trailing bytes are an error. */
    public static Frame parse(byte[] b, int off, int len) throws MbusDecodeException {
        if (len <= 0) {
            throw new MbusDecodeException("empty frame", 0);
        }
        int start = b[off] & 0xFF;
        int used;
        Frame f;
        switch (start) {
            case ACK -> {
                f = new Frame.Ack();
                used = 1;
            }
            case SHORT_START -> {
                if (len < 5) {
                    throw new MbusDecodeException("short frame truncated: " + len + " of 5 bytes", len);
                }
                int c = b[off + 1] & 0xFF;
                int a = b[off + 2] & 0xFF;
                checkSum(b, off, 1, 2, 3);
                checkStop(b, off, 4);
                f = new Frame.ShortFrame(c, a);
                used = 5;
            }
            case LONG_START -> {
                int l = checkLong(b, off, len);
                int c = b[off + 4] & 0xFF;
                int a = b[off + 5] & 0xFF;
                int ci = b[off + 6] & 0xFF;
                if (l == 3) {
                    f = new Frame.ControlFrame(c, a, ci);
                } else {
                    byte[] data = java.util.Arrays.copyOfRange(b, off + 7, off + 4 + l);
                    f = new Frame.LongFrame(c, a, ci, Bytes.view(data, 0, data.length));
                }
                used = l + 6;
            }
            default -> throw new MbusDecodeException(
                    String.format("unknown start byte 0x%02X", start), 0);
        }
        if (used != len) {
            throw new MbusDecodeException((len - used) + " bytes after the end of the frame", used);
        }
        return f;
    }

    /** Validates a long/control frame starting at {@code off} and returns its L field. */
    static int checkLong(byte[] b, int off, int len) throws MbusDecodeException {
        if (len < 4) {
            throw new MbusDecodeException("long frame header truncated", len);
        }
        int l = b[off + 1] & 0xFF;
        if ((b[off + 2] & 0xFF) != l) {
            throw new MbusDecodeException("length bytes differ (" + l + " and " + (b[off + 2] & 0xFF) + ")", 2);
        }
        if ((b[off + 3] & 0xFF) != LONG_START) {
            throw new MbusDecodeException("second start byte is not 68", 3);
        }
        if (l < 3) {
            throw new MbusDecodeException("length field " + l + " below 3 (C, A, CI)", 1);
        }
        if (len < l + 6) {
            throw new MbusDecodeException("long frame truncated: " + len + " of " + (l + 6) + " bytes", len);
        }
        checkSum(b, off, 4, l, 4 + l);
        checkStop(b, off, 5 + l);
        if (len > l + 6) {
            throw new MbusDecodeException((len - l - 6) + " bytes after the end of the frame", l + 6);
        }
        return l;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /**
     * Arithmetic sum of the bytes modulo 256, eight bytes per step: the bytes are added in four
     * 16-bit lanes (a frame is too short for a lane to overflow), then the lanes are added.
     */
    static int sum(byte[] b, int from, int count) {
        long lanes = 0;
        int i = from;
        int end = from + count;
        for (; i + 8 <= end; i += 8) {
            long x = (long) LONGS.get(b, i);
            lanes += (x & 0x00FF00FF00FF00FFL) + ((x >>> 8) & 0x00FF00FF00FF00FFL);
        }
        long sum = (lanes & 0xFFFF) + ((lanes >>> 16) & 0xFFFF) + ((lanes >>> 32) & 0xFFFF) + (lanes >>> 48);
        for (; i < end; i++) {
            sum += b[i];
        }
        return (int) sum & 0xFF;
    }

    private static void checkSum(byte[] b, int off, int from, int count, int csAt) throws MbusDecodeException {
        int sum = sum(b, off + from, count);
        int cs = b[off + csAt] & 0xFF;
        if ((sum & 0xFF) != cs) {
            throw new MbusDecodeException(
                    String.format("checksum 0x%02X, expected 0x%02X", cs, sum & 0xFF), csAt);
        }
    }

    private static void checkStop(byte[] b, int off, int at) throws MbusDecodeException {
        if ((b[off + at] & 0xFF) != STOP) {
            throw new MbusDecodeException(String.format("stop byte 0x%02X, expected 16", b[off + at] & 0xFF), at);
        }
    }

    public static byte[] encode(Frame frame) {
        if (frame instanceof Frame.Ack) {
            return new byte[] {(byte) ACK};
        }
        if (frame instanceof Frame.ShortFrame s) {
            return new byte[] {SHORT_START, (byte) s.c(), (byte) s.a(), (byte) (s.c() + s.a()), STOP};
        }
        int c;
        int a;
        int ci;
        Bytes data;
        if (frame instanceof Frame.ControlFrame cf) {
            c = cf.c();
            a = cf.a();
            ci = cf.ci();
            data = Bytes.EMPTY;
        } else {
            Frame.LongFrame lf = (Frame.LongFrame) frame;
            c = lf.c();
            a = lf.a();
            ci = lf.ci();
            data = lf.data();
        }
        int l = 3 + data.length();
        byte[] out = new byte[l + 6];
        out[0] = LONG_START;
        out[1] = (byte) l;
        out[2] = (byte) l;
        out[3] = LONG_START;
        out[4] = (byte) c;
        out[5] = (byte) a;
        out[6] = (byte) ci;
        data.copyTo(out, 7);
        int sum = 0;
        for (int i = 4; i < 4 + l; i++) {
            sum += out[i];
        }
        out[4 + l] = (byte) sum;
        out[5 + l] = STOP;
        return out;
    }
}
