package org.metergate.mbus;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Builds the wire bytes of one data record from its meaning. The result is decoded again and
 * compared with the request, so a record this class returns is guaranteed to round-trip; a value
 * the coding cannot hold exactly (too many digits, not a multiple of the VIF's resolution, a
 * float that is not exact) is an {@link MbusEncodeException}.
 */
final class RecordEncoder {
    private static final long MAX_STORAGE = (1L << 41) - 1;

    private RecordEncoder() {
    }

    static DataRecord build(Function function, long storage, int tariff, int subunit, DataCoding coding,
            Bytes vib, MbusValue value) {
        if (function == null || function.ordinal() > Function.ERROR.ordinal()) {
            throw new MbusEncodeException("function must be instantaneous/maximum/minimum/error; "
                    + "use DataRecord.manufacturerData for manufacturer blocks");
        }
        if (coding == null || coding == DataCoding.MANUFACTURER) {
            throw new MbusEncodeException("coding must be a regular data field");
        }
        if (storage < 0 || storage > MAX_STORAGE || tariff < 0 || tariff >= 1 << 20 || subunit < 0 || subunit >= 1 << 10) {
            throw new MbusEncodeException("storage/tariff/subunit out of range");
        }
        TelegramDecoder.ParsedVib pv;
        try {
            pv = TelegramDecoder.parseVib(vib);
        } catch (MbusDecodeException e) {
            throw new MbusEncodeException("invalid VIB " + vib + ": " + e.getMessage());
        }
        byte[] dib = dib(function, storage, tariff, subunit, coding);
        byte[] data = data(coding, pv.info(), value);
        byte[] all = new byte[dib.length + vib.length() + data.length];
        System.arraycopy(dib, 0, all, 0, dib.length);
        vib.copyTo(all, dib.length);
        System.arraycopy(data, 0, all, dib.length + vib.length(), data.length);
        // Decode what we wrote: the record returned is exactly what a receiver will see.
        Telegram t;
        try {
            t = TelegramDecoder.decode(0x08, 0, 0x78, Bytes.view(all, 0, all.length));
        } catch (MbusDecodeException e) {
            throw new MbusEncodeException("record does not decode: " + e.getMessage());
        }
        if (t.records().size() != 1) {
            throw new MbusEncodeException("record bytes decode to " + t.records().size() + " records");
        }
        DataRecord r = t.records().get(0);
        if (!r.value().equals(value)) {
            throw new MbusEncodeException("value " + value.text() + " is not representable as " + coding
                    + " with VIB " + vib + " (would read back as " + r.value().text() + ")");
        }
        return r;
    }

    static byte[] dib(Function function, long storage, int tariff, int subunit, DataCoding coding) {
        byte[] b = new byte[11];
        int n = 0;
        b[n++] = (byte) ((storage & 1) << 6 | function.field() << 4 | coding.code());
        long st = storage >>> 1;
        int ta = tariff;
        int su = subunit;
        while (st != 0 || ta != 0 || su != 0) {
            b[n - 1] |= (byte) 0x80;
            b[n++] = (byte) ((st & 0x0F) | (ta & 3) << 4 | (su & 1) << 6);
            st >>>= 4;
            ta >>>= 2;
            su >>>= 1;
        }
        return java.util.Arrays.copyOf(b, n);
    }

    private static byte[] data(DataCoding coding, VifInfo info, MbusValue value) {
        int n = coding.size();
        switch (coding) {
            case NONE, SELECTION_FOR_READOUT -> {
                return new byte[0];
            }
            case INT8, INT16, INT24, INT32, INT48, INT64 -> {
                if (info.timePoint() && n != 1 && n != 8) {
                    return le(DateTypes.encode(value, n), n);
                }
                long raw = integer(unscale(numeric(value), info));
                if (n < 8) {
                    long min = -(1L << (8 * n - 1));
                    long max = (1L << (8 * n - 1)) - 1;
                    if (raw < min || raw > max) {
                        throw new MbusEncodeException(raw + " does not fit " + coding);
                    }
                }
                return le(raw, n);
            }
            case REAL32 -> {
                BigDecimal raw = unscale(numeric(value), info);
                float f = raw.floatValue();
                if (Float.isInfinite(f) || new BigDecimal(f).compareTo(raw) != 0) {
                    throw new MbusEncodeException(raw + " is not exactly a 32-bit float");
                }
                return le(Float.floatToIntBits(f) & 0xFFFFFFFFL, 4);
            }
            case BCD2, BCD4, BCD6, BCD8, BCD12 -> {
                return bcd(value, info, n, true);
            }
            case VARIABLE -> {
                return lvar(value, info);
            }
            default -> throw new MbusEncodeException("cannot encode " + coding);
        }
    }

    private static byte[] lvar(MbusValue value, VifInfo info) {
        if (value instanceof MbusValue.Text t) {
            byte[] s = t.value().getBytes(StandardCharsets.ISO_8859_1);
            if (s.length > 0xBF || !new String(s, StandardCharsets.ISO_8859_1).equals(t.value())) {
                throw new MbusEncodeException("text must be at most 191 ISO-8859-1 characters");
            }
            byte[] b = new byte[s.length + 1];
            b[0] = (byte) s.length;
            for (int i = 0; i < s.length; i++) {
                b[1 + i] = s[s.length - 1 - i];
            }
            return b;
        }
        if (value instanceof MbusValue.Binary bin) {
            int len = bin.value().length();
            int lv;
            if (len <= 15) {
                lv = 0xE0 + len;
            } else if (len <= 32 && len % 4 == 0) {
                lv = 0xEC + len / 4;
            } else if (len == 48) {
                lv = 0xF5;
            } else if (len == 64) {
                lv = 0xF6;
            } else {
                throw new MbusEncodeException("binary LVAR length must be 0..15, 16/20/24/28/32, 48 or 64: " + len);
            }
            byte[] b = new byte[len + 1];
            b[0] = (byte) lv;
            for (int i = 0; i < len; i++) {
                b[1 + i] = (byte) bin.value().get(len - 1 - i); // LSB first on the wire
            }
            return b;
        }
        BigInteger raw = BigInteger.valueOf(integer(unscale(numeric(value), info)));
        String digits = raw.abs().toString();
        int bytes = (digits.length() + 1) / 2;
        if (bytes > 9) {
            throw new MbusEncodeException("LVAR BCD holds at most 18 digits");
        }
        byte[] body = bcd(value, info, bytes, false);
        byte[] b = new byte[bytes + 1];
        b[0] = (byte) ((raw.signum() < 0 ? 0xD0 : 0xC0) + bytes);
        System.arraycopy(body, 0, b, 1, bytes);
        return b;
    }

    /** BCD digits LSB first; with {@code signNibble} a negative value gets F as its highest nibble. */
    private static byte[] bcd(MbusValue value, VifInfo info, int n, boolean signNibble) {
        if (value instanceof MbusValue.Text t && t.value().length() == 2 * n) {
            // a digit string with A-F (meter error display) is written as-is
            byte[] b;
            try {
                b = Hex.parse(t.value());
            } catch (MbusDecodeException e) {
                throw new MbusEncodeException("BCD digit string must be hex digits: " + t.value());
            }
            byte[] le = new byte[n];
            for (int i = 0; i < n; i++) {
                le[i] = b[n - 1 - i];
            }
            return le;
        }
        long raw = integer(unscale(numeric(value), info));
        boolean neg = raw < 0;
        long abs = Math.abs(raw);
        int digits = signNibble && neg ? 2 * n - 1 : 2 * n;
        String s = Long.toString(abs);
        if (raw == Long.MIN_VALUE || s.length() > digits) {
            throw new MbusEncodeException(raw + " does not fit " + digits + " BCD digits");
        }
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            int lo = (int) (abs % 10);
            abs /= 10;
            int hi = (int) (abs % 10);
            abs /= 10;
            b[i] = (byte) (hi << 4 | lo);
        }
        if (signNibble && neg) {
            b[n - 1] = (byte) (0xF0 | (b[n - 1] & 0x0F));
        }
        return b;
    }

    private static BigDecimal numeric(MbusValue v) {
        if (v instanceof MbusValue.Numeric n) {
            return n.value();
        }
        throw new MbusEncodeException("a number is needed, got " + v);
    }

    /** value / (factor * 10^exponent), exactly. */
    private static BigDecimal unscale(BigDecimal value, VifInfo info) {
        BigDecimal v = value.scaleByPowerOfTen(-info.exponent());
        if (info.factor() != 1) {
            try {
                v = v.divide(BigDecimal.valueOf(info.factor())); // exact or ArithmeticException
            } catch (ArithmeticException e) {
                throw new MbusEncodeException(value + " is not representable in units of " + info.factor() + " "
                        + info.unit());
            }
        }
        return v;
    }

    private static long integer(BigDecimal v) {
        try {
            return v.longValueExact();
        } catch (ArithmeticException e) {
            throw new MbusEncodeException(v.toPlainString() + " is not an integer of at most 64 bits at this resolution");
        }
    }

    private static byte[] le(long v, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }
}
