package org.metergate.mbus;

/** Lenient hex text to bytes: whitespace anywhere, either case; used by the CLI and tests. */
public final class Hex {
    private Hex() {
    }

    /**
     * Parses hex text, ignoring all whitespace. A non-hex character or an odd number of digits is
     * an {@link MbusDecodeException} whose offset is the character position.
     */
    public static byte[] parse(CharSequence text) throws MbusDecodeException {
        byte[] out = new byte[text.length() / 2 + 1];
        int n = 0;
        int hi = -1;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (Character.isWhitespace(ch)) {
                continue;
            }
            int d = Character.digit(ch, 16);
            if (d < 0) {
                throw new MbusDecodeException("not a hex digit '" + ch + "' in hex text", i);
            }
            if (hi < 0) {
                hi = d;
            } else {
                out[n++] = (byte) (hi << 4 | d);
                hi = -1;
            }
        }
        if (hi >= 0) {
            throw new MbusDecodeException("odd number of hex digits (a byte token is incomplete)", text.length());
        }
        return java.util.Arrays.copyOf(out, n);
    }

    public static String format(byte[] b) {
        return Bytes.view(b, 0, b.length).hex();
    }

    /** Hex with a space between bytes, the way M-Bus tools print frames. */
    public static String spaced(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 3);
        for (int i = 0; i < b.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(Character.toUpperCase(Character.forDigit((b[i] >> 4) & 0xF, 16)));
            sb.append(Character.toUpperCase(Character.forDigit(b[i] & 0xF, 16)));
        }
        return sb.toString();
    }
}
