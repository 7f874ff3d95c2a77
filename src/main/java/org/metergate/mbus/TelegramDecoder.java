package org.metergate.mbus;

import java.util.ArrayList;
import java.util.List;

/**
 * EN 13757-3 application layer decoder. Every read is bounds-checked against the frame, so a
 * broken telegram ends in an {@link MbusDecodeException} naming the byte, never in another
 * exception; all loops advance by at least one byte, so decoding always terminates, and the
 * allocation is a small multiple of the input (a copy of the bytes plus a few arrays per
 * telegram, see {@link RecordList}).
 */
public final class TelegramDecoder {
    /** EN 13757-3 allows at most 10 DIFEs and 10 VIFEs per record. */
    public static final int MAX_DIFE = 10;
    public static final int MAX_VIFE = 10;
    private static final int PAD = 8;
    /** Offset of the first user data byte in a long frame (68 L L 68 C A CI). */
    private static final int DATA_OFFSET = 7;
    private static final VifInfo GLOBAL_READOUT = VifTables.GLOBAL_READOUT;
    private static final VifInfo UNKNOWN_7B = VifTables.UNKNOWN_7B;
    private static final VifInfo UNKNOWN_7D = VifTables.UNKNOWN_7D;

    /** The telegram's own copy of the user data; records point into it. */
    private final byte[] d;
    private final int end;
    private final boolean msbFirst;
    private int p;
    /** Collect VIFE descriptions while parsing a VIB (only when asked for, see DataRecord). */
    private boolean collect;
    /** Annotations of the VIB parsed last when {@link #collect} is set. */
    private List<String> annotations = List.of();

    private TelegramDecoder(byte[] d, int from, int end, boolean msbFirst) {
        this.d = d;
        this.p = from;
        this.end = end;
        this.msbFirst = msbFirst;
    }

    /** Parses one complete frame and decodes its application data. */
    public static Telegram decode(byte[] frame) throws MbusDecodeException {
        if (frame.length > 0 && (frame[0] & 0xFF) == FrameCodec.LONG_START) {
            // validate in place and copy only the user data: no intermediate frame objects
            int l = FrameCodec.checkLong(frame, 0, frame.length);
            // 8 spare zero bytes at the end let every fixed-size read be one 8-byte load
            byte[] data = new byte[l - 3 + PAD];
            System.arraycopy(frame, DATA_OFFSET, data, 0, l - 3);
            return decode(frame[4] & 0xFF, frame[5] & 0xFF, frame[6] & 0xFF, data, l - 3);
        }
        return decode(FrameCodec.parse(frame));
    }

    public static Telegram decode(Frame frame) throws MbusDecodeException {
        if (frame instanceof Frame.LongFrame l) {
            return decode(l.c(), l.a(), l.ci(), l.data());
        }
        if (frame instanceof Frame.ControlFrame c) {
            return decode(c.c(), c.a(), c.ci(), new byte[0], 0);
        }
        throw new MbusDecodeException("a " + (frame instanceof Frame.Ack ? "single character" : "short")
                + " frame carries no application data", 0);
    }

    /** Decodes the user data of a long frame given its C, A and CI fields. */
    public static Telegram decode(int c, int a, int ci, Bytes data) throws MbusDecodeException {
        if (data.length() > Frame.LongFrame.MAX_DATA) {
            throw new MbusDecodeException("more than " + Frame.LongFrame.MAX_DATA + " bytes of user data", DATA_OFFSET);
        }
        // Bytes are immutable, so a view starting at 0 can be used as it is
        byte[] own = data.offset() == 0 ? data.array() : data.toArray();
        return decode(c, a, ci, own, data.length());
    }

    /** {@code data[0..length)} is the user data; it must never change afterwards. */
    private static Telegram decode(int c, int a, int ci, byte[] data, int length) throws MbusDecodeException {
        switch (ci) {
            case 0x70 -> {
                ApplicationError e = ApplicationError.of(length == 0 ? -1 : data[0] & 0xFF);
                return new Telegram(c, a, ci, null, List.of(), false, e);
            }
            case 0x72, 0x76, 0x7A, 0x78 -> {
                return new TelegramDecoder(data, 0, length, ci == 0x76).variable(c, a, ci);
            }
            case 0x73, 0x77 -> {
                return new TelegramDecoder(data, 0, length, ci == 0x77).fixed(c, a, ci);
            }
            default -> throw new MbusDecodeException(String.format("unsupported CI field 0x%02X", ci), 6);
        }
    }

    private int offset() {
        return DATA_OFFSET + p;
    }

    private void need(int n, String what) throws MbusDecodeException {
        if (end - p < n) {
            throw new MbusDecodeException("premature end of " + what + ": " + n + " bytes needed, "
                    + (end - p) + " left", offset());
        }
    }

    private int u8() {
        return d[p++] & 0xFF;
    }

    /** Data field size by DIF code (EN 13757-3 table 4); -1 for variable length and special functions. */
    private static final int[] SIZES = {0, 1, 2, 3, 4, 4, 6, 8, 0, 1, 2, 3, 4, -1, 6, -1};

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Little-endian (or big-endian for CI 76h/77h) unsigned read of 1 to 8 bytes at {@code at}. */
    private long readRaw(int at, int n) {
        if (msbFirst) {
            long v = 0;
            for (int i = 0; i < n; i++) {
                v = v << 8 | (d[at + i] & 0xFF);
            }
            return v;
        }
        if (at + 8 <= d.length) {
            // one 8-byte load, keep the n bytes asked for
            return (long) LONGS.get(d, at) & (-1L >>> (64 - 8 * n));
        }
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = v << 8 | (d[at + i] & 0xFF);
        }
        return v;
    }

    private static long signExtend(long v, int bytes) {
        int shift = 64 - 8 * bytes;
        return shift == 0 ? v : (v << shift) >> shift;
    }

    private Telegram variable(int c, int a, int ci) throws MbusDecodeException {
        Header header;
        if (ci == 0x7A) {
            need(4, "short header");
            header = new Header(0, false, -1, -1, -1, d[p] & 0xFF, d[p + 1] & 0xFF, (int) readRaw(p + 2, 2), false);
            p += 4;
        } else if (ci == 0x78) {
            header = new Header(0, false, -1, -1, -1, -1, -1, -1, false);
        } else {
            need(12, "header");
            header = new Header((int) readRaw(p, 4), true, (int) readRaw(p + 4, 2), d[p + 6] & 0xFF, d[p + 7] & 0xFF,
                    d[p + 8] & 0xFF, d[p + 9] & 0xFF, (int) readRaw(p + 10, 2), false);
            p += 12;
        }
        RecordList records = new RecordList(d, Math.min(64, (end - p) / 6 + 2));
        boolean more = false;
        while (p < end) {
            int dibStart = p;
            int dif = u8();
            if (dif == 0x2F) {
                continue; // idle filler
            }
            if ((dif & 0x0F) == 0x0F) {
                if (dif == 0x0F || dif == 0x1F) {
                    more = dif == 0x1F;
                    DataRecord.appendManufacturer(records, dibStart, end, more);
                    p = end;
                    break;
                }
                if (dif == 0x7F) {
                    records.append(dibStart, p, p, p, 0, 0, 0, Function.GLOBAL_READOUT,
                            DataCoding.NONE, DataRecord.NONE, false, GLOBAL_READOUT, 0);
                    continue;
                }
                p--;
                throw new MbusDecodeException(String.format("reserved special function DIF 0x%02X", dif), offset());
            }
            record(records, dibStart, dif);
        }
        return new Telegram(c, a, ci, header, records, more, null);
    }

    private void record(RecordList records, int dibStart, int dif) throws MbusDecodeException {
        long storage = (dif >> 6) & 1;
        int tariff = 0;
        int subunit = 0;
        int ext = dif & 0x80;
        int n = 0;
        while (ext != 0) {
            need(1, "DIFE chain");
            if (n == MAX_DIFE) {
                throw new MbusDecodeException("more than " + MAX_DIFE + " DIFEs", offset());
            }
            int dife = u8();
            storage |= (long) (dife & 0x0F) << (1 + 4 * n);
            tariff |= ((dife >> 4) & 3) << (2 * n);
            subunit |= ((dife >> 6) & 1) << n;
            n++;
            ext = dife & 0x80;
        }
        int code = dif & 0x0F; // data field; DataCoding's ordinal is this code
        int vibStart = p;
        VifInfo info;
        int vif;
        if (p < end && ((vif = d[p] & 0xFF) & 0x80) == 0 && vif < 0x7B) {
            info = VifTables.primary(vif); // most records: one primary VIF, no VIFE
            p++;
        } else {
            info = vib();
        }
        int dataStart = p;
        long raw = 0;
        int kind;
        int size = SIZES[code];
        if (size >= 0) {
            // fixed-size data fields: work on a local position (kept in a register)
            int q = p;
            if (end - q < size) {
                need(size, "data");
            }
            switch (code) {
                case 0x1, 0x2, 0x3, 0x4, 0x6, 0x7 -> {
                    raw = readRaw(q, size);
                    if (info.timePoint() && size != 1 && size != 8) {
                        kind = DataRecord.DATE;
                    } else {
                        raw = signExtend(raw, size);
                        kind = DataRecord.INTEGER;
                    }
                }
                case 0x5 -> {
                    raw = readRaw(q, 4);
                    kind = DataRecord.REAL;
                }
                case 0x9, 0xA, 0xB, 0xC, 0xE -> {
                    raw = bcd(q, size, false);
                    kind = raw == Long.MIN_VALUE ? DataRecord.DIGITS : DataRecord.INTEGER;
                }
                default -> kind = DataRecord.NONE; // 0h no data, 8h selection for readout
            }
            p = q + size;
        } else {
            switch (code) {
                case 0xD -> {
                    need(1, "LVAR");
                    int lv = u8();
                    int len;
                    if (lv <= 0xBF) {
                        len = lv;
                        kind = DataRecord.TEXT;
                    } else if (lv >= 0xC0 && lv <= 0xC9 || lv >= 0xD0 && lv <= 0xD9) {
                        len = lv & 0x0F;
                        kind = DataRecord.INTEGER;
                    } else if (lv >= 0xE0 && lv <= 0xEF) {
                        len = lv - 0xE0;
                        kind = DataRecord.BINARY;
                    } else if (lv >= 0xF0 && lv <= 0xF4) {
                        len = 4 * (lv - 0xEC);
                        kind = DataRecord.BINARY;
                    } else if (lv == 0xF5 || lv == 0xF6) {
                        len = lv == 0xF5 ? 48 : 64;
                        kind = DataRecord.BINARY;
                    } else {
                        p--;
                        throw new MbusDecodeException(String.format("reserved LVAR 0x%02X", lv), offset());
                    }
                    need(len, kind == DataRecord.TEXT ? "LVAR text" : kind == DataRecord.INTEGER ? "LVAR BCD" : "LVAR binary");
                    if (kind == DataRecord.INTEGER && len > 0) {
                        raw = bcd(p, len, lv >= 0xD0);
                        if (raw == Long.MIN_VALUE) {
                            kind = DataRecord.DIGITS;
                        }
                    }
                    p += len;
                }
                default -> throw new MbusDecodeException("unexpected data field", offset());
            }
        }
        int infoIndex = info.index() >= 0 ? info.index() : records.dynamic(info);
        records.append(dibStart | vibStart << 8 | dataStart << 16 | (long) p << 24,
                subunit | ((dif >> 4) & 3) << 10 | code << 13 | kind << 17 | (msbFirst ? 1 << 20 : 0)
                        | infoIndex << 21,
                storage | (long) tariff << 41, raw);
    }

    /** Reads VIF, VIFEs and plain text; returns the meaning with VIFE corrections applied. */
    private VifInfo vib() throws MbusDecodeException {
        need(1, "record (no VIF)");
        int vif = u8();
        VifInfo info;
        int vifes = 0;
        boolean manufacturerVife = false;
        int code = vif & 0x7F;
        int extBit = vif & 0x80;
        if (code == 0x7D || code == 0x7B) {
            if (extBit == 0) {
                info = code == 0x7D ? UNKNOWN_7D : UNKNOWN_7B;
            } else {
                need(1, "VIF extension");
                int e = u8();
                vifes++;
                info = code == 0x7D ? VifTables.fd(e) : VifTables.fb(e);
                extBit = e & 0x80;
            }
        } else if (code == 0x7C) {
            need(1, "plain-text VIF");
            int len = u8();
            need(len, "plain-text VIF");
            char[] ch = new char[len];
            for (int i = 0; i < len; i++) {
                ch[i] = (char) (d[p + len - 1 - i] & 0xFF); // sent last character first
            }
            p += len;
            String text = new String(ch);
            info = new VifInfo(text, text, 0, 1, false, true);
        } else {
            info = VifTables.primary(code);
            manufacturerVife = code == 0x7F;
        }
        List<String> ann = List.of();
        int expDelta = 0;
        while (extBit != 0) {
            need(1, "VIFE chain");
            if (vifes == MAX_VIFE) {
                throw new MbusDecodeException("more than " + MAX_VIFE + " VIFEs", offset());
            }
            int vife = u8();
            vifes++;
            extBit = vife & 0x80;
            if (manufacturerVife) {
                continue; // meaning known only to the manufacturer
            }
            int vc = vife & 0x7F;
            if (vc >= 0x70 && vc <= 0x77) {
                expDelta += (vc & 7) - 6;
            } else if (vc == 0x7D) {
                expDelta += 3;
            } else if (vc == 0x7F) {
                manufacturerVife = true;
            }
            if (collect) {
                if (ann.isEmpty()) {
                    ann = new ArrayList<>(2);
                }
                ann.add(VifTables.vife(vc));
            }
        }
        if (collect) {
            annotations = ann.isEmpty() ? ann : List.copyOf(ann);
        }
        return expDelta == 0 ? info : info.withExponentDelta(expDelta);
    }

    /** Parsed meaning of a VIB given on its own (used by the encoder). */
    record ParsedVib(VifInfo info, List<String> annotations) {
    }

    static ParsedVib parseVib(Bytes vib) throws MbusDecodeException {
        byte[] b = vib.toArray();
        TelegramDecoder t = new TelegramDecoder(b, 0, b.length, false);
        t.collect = true;
        VifInfo info = t.vib();
        if (t.p != t.end) {
            throw new MbusDecodeException((t.end - t.p) + " bytes after the VIB", t.offset());
        }
        return new ParsedVib(info, t.annotations);
    }

    /** VIFE descriptions of a VIB that was validated when its record was decoded. */
    static List<String> annotations(byte[] buf, int from, int len) {
        TelegramDecoder t = new TelegramDecoder(buf, from, from + len, false);
        t.collect = true;
        try {
            t.vib();
        } catch (MbusDecodeException e) {
            return List.of(); // not reached: the record was decoded from these bytes
        }
        return t.annotations;
    }

    private static final long SIXES = 0x6666666666666666L;

    /**
     * BCD, least significant byte first. A highest nibble of F marks a negative number
     * (EN 13757-3 annex B); other nibbles above 9 make the field not a number: returns
     * {@link Long#MIN_VALUE} and the record keeps the digit string (meters use A-F to show errors).
     * Up to 7 bytes are checked and converted as one long (SWAR), longer LVAR BCD digit by digit.
     */
    private long bcd(int at, int n, boolean negative) {
        if (n > 7) {
            return bcdSlow(at, n, negative);
        }
        long x = readRaw(at, n);
        int top = 8 * n - 4;
        if ((x >>> top) == 0xF) {
            negative = true;
            x &= ~(0xFL << top);
        }
        // a nibble above 9 carries when 6 is added to it; with 2n <= 14 nibbles no carry is lost
        long six = SIXES >>> (64 - 8 * n);
        long carries = (x ^ six ^ (x + six)) & 0x1111111111111110L;
        if (carries != 0) {
            return Long.MIN_VALUE;
        }
        x = (x & 0x0F0F0F0F0F0F0F0FL) + ((x >>> 4) & 0x0F0F0F0F0F0F0F0FL) * 10;
        x = (x & 0x00FF00FF00FF00FFL) + ((x >>> 8) & 0x00FF00FF00FF00FFL) * 100;
        x = (x & 0x0000FFFF0000FFFFL) + ((x >>> 16) & 0x0000FFFF0000FFFFL) * 10000;
        x = (x & 0xFFFFFFFFL) + (x >>> 32) * 100000000L;
        return negative ? -x : x;
    }

    private long bcdSlow(int at, int n, boolean negative) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            int b = d[msbFirst ? at + n - 1 - i : at + i] & 0xFF;
            int hi = b >> 4;
            int lo = b & 0x0F;
            if (i == n - 1 && hi == 0xF) {
                negative = true;
                hi = 0;
            }
            if (hi > 9 || lo > 9) {
                return Long.MIN_VALUE;
            }
            v = v * 100 + hi * 10 + lo;
        }
        return negative ? -v : v;
    }

    private Telegram fixed(int c, int a, int ci) throws MbusDecodeException {
        need(16, "fixed data structure");
        int status = d[p + 5] & 0xFF;
        int t1 = d[p + 6] & 0xFF;
        int t2 = d[p + 7] & 0xFF;
        int medium = (t1 >> 6) | ((t2 >> 6) << 2);
        boolean binary = (status & 0x80) != 0;
        long storage = (status & 0x40) != 0 ? 1 : 0;
        Header header = new Header((int) readRaw(p, 4), true, -1, -1, medium, d[p + 4] & 0xFF, status, -1, true);
        // each counter becomes a record [unit byte][4 data bytes] without DIB
        byte[] b = new byte[10];
        b[0] = (byte) t1;
        System.arraycopy(d, p + 8, b, 1, 4);
        b[5] = (byte) t2;
        System.arraycopy(d, p + 12, b, 6, 4);
        RecordList records = new RecordList(b, 2);
        VifInfo u1 = FixedUnits.of(t1 & 0x3F);
        counter(records, 0, p + 8, binary, storage, u1);
        int c2 = t2 & 0x3F;
        if (c2 == 0x3E) {
            // "same unit as counter 1, but historic value" (EN 13757-3 annex / fixed structure)
            counter(records, 5, p + 12, binary, 1, u1);
        } else {
            counter(records, 5, p + 12, binary, storage, FixedUnits.of(c2));
        }
        p += 16;
        if (p != end) {
            throw new MbusDecodeException((end - p) + " bytes after the fixed data structure", offset());
        }
        return new Telegram(c, a, ci, header, records, false, null);
    }

    private void counter(RecordList records, int at, int dataAt, boolean binary, long storage, VifInfo unit) {
        long raw;
        int kind;
        if (binary) {
            raw = readRaw(dataAt, 4);
            kind = DataRecord.INTEGER;
        } else {
            raw = bcd(dataAt, 4, false);
            kind = raw == Long.MIN_VALUE ? DataRecord.DIGITS : DataRecord.INTEGER;
        }
        records.append(at, at, at + 1, at + 5, storage, 0, 0, Function.INSTANTANEOUS,
                binary ? DataCoding.INT32 : DataCoding.BCD8, kind, msbFirst, unit, raw);
    }
}
