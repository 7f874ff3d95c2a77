package org.metergate.mbus;

import java.util.Arrays;

/**
 * An immutable view of a byte range. Records point into the telegram's own copy of the frame
 * instead of copying every DIF/VIF/data slice, which keeps decoding cheap (see the benchmark).
 */
public final class Bytes {
    public static final Bytes EMPTY = new Bytes(new byte[0], 0, 0);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final byte[] array;
    private final int offset;
    private final int length;

    private Bytes(byte[] array, int offset, int length) {
        this.array = array;
        this.offset = offset;
        this.length = length;
    }

    /** Copies the given bytes; later changes to {@code b} do not show through. */
    public static Bytes of(byte... b) {
        return b.length == 0 ? EMPTY : new Bytes(b.clone(), 0, b.length);
    }

    /** Shares the array: only for arrays that nobody mutates afterwards (library internal). */
    static Bytes view(byte[] array, int offset, int length) {
        return length == 0 ? EMPTY : new Bytes(array, offset, length);
    }

    /** For hex literals in code and tests; bad text is a programming error here. */
    public static Bytes ofHex(String hex) {
        try {
            byte[] b = Hex.parse(hex);
            return view(b, 0, b.length);
        } catch (MbusDecodeException e) {
            throw new MbusEncodeException(e.getMessage());
        }
    }

    public int length() {
        return length;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    /** Unsigned byte at {@code i}. */
    public int get(int i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException(i);
        }
        return array[offset + i] & 0xFF;
    }

    public byte[] toArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    public Bytes slice(int from, int len) {
        if (from < 0 || len < 0 || from + len > length) {
            throw new IndexOutOfBoundsException(from + "+" + len);
        }
        return view(array, offset + from, len);
    }

    byte[] array() {
        return array;
    }

    int offset() {
        return offset;
    }

    void copyTo(byte[] dst, int at) {
        System.arraycopy(array, offset, dst, at, length);
    }

    /** Upper-case hex without separators, e.g. {@code 0C13}. */
    public String hex() {
        char[] c = new char[length * 2];
        for (int i = 0; i < length; i++) {
            int v = array[offset + i] & 0xFF;
            c[2 * i] = HEX[v >>> 4];
            c[2 * i + 1] = HEX[v & 0xF];
        }
        return new String(c);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b
                && Arrays.equals(array, offset, offset + length, b.array, b.offset, b.offset + b.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + array[i];
        }
        return h;
    }

    @Override
    public String toString() {
        return hex();
    }
}
