package org.metergate.mbus;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * EN 13757-3 application layer decoder. Every read is bounds-checked against the frame, so a
 * broken telegram ends in an {@link MbusDecodeException} naming the byte, never in another
 * exception; all loops advance by at least one byte, so decoding always terminates, and nothing
 * is allocated beyond a small multiple of the input.
 */
public final class TelegramDecoder {
    /** EN 13757-3 allows at most 10 DIFEs and 10 VIFEs per record. */
    public static final int MAX_DIFE = 10;
    public static final int MAX_VIFE = 10;
    /** Offset of the first user data byte in a long frame (68 L L 68 C A CI). */
    private static final int DATA_OFFSET = 7;

    private final byte[] d;
    private final int base;
    private final int end;
    private final boolean msbFirst;
    private int p;

    private TelegramDecoder(Bytes data, boolean msbFirst) {
        this.d = data.array();
        this.base = data.offset();
        this.end = data.offset() + data.length();
        this.msbFirst = msbFirst;
        this.p = base;
    }

    /** Parses one complete frame and decodes its application data. */
    public static Telegram decode(byte[] frame) throws MbusDecodeException {
        return decode(FrameCodec.parse(frame));
    }

    public static Telegram decode(Frame frame) throws MbusDecodeException {
        if (frame instanceof Frame.LongFrame l) {
            return decode(l.c(), l.a(), l.ci(), l.data());
        }
        if (frame instanceof Frame.ControlFrame c) {
            return decode(c.c(), c.a(), c.ci(), Bytes.EMPTY);
        }
        throw new MbusDecodeException("a " + (frame instanceof Frame.Ack ? "single character" : "short")
                + " frame carries no application data", 0);
    }

    /** Decodes the user data of a long frame given its C, A and CI fields. */
    public static Telegram decode(int c, int a, int ci, Bytes data) throws MbusDecodeException {
        switch (ci) {
            case 0x70 -> {
                ApplicationError e = ApplicationError.of(data.isEmpty() ? -1 : data.get(0));
                return new Telegram(c, a, ci, null, List.of(), false, e);
            }
            case 0x72, 0x76, 0x7A, 0x78 -> {
                return new TelegramDecoder(data, ci == 0x76).variable(c, a, ci);
            }
            case 0x73, 0x77 -> {
                return new TelegramDecoder(data, ci == 0x77).fixed(c, a, ci);
            }
            default -> throw new MbusDecodeException(String.format("unsupported CI field 0x%02X", ci), 6);
        }
    }

    private int offset() {
        return DATA_OFFSET + (p - base);
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

    /** Little-endian (or big-endian for CI 76h/77h) unsigned read of up to 8 bytes at {@code at}. */
    private long readRaw(int at, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            int idx = msbFirst ? at + i : at + n - 1 - i;
            v = v << 8 | (d[idx] & 0xFF);
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
            header = new Header(null, null, -1, -1, -1, d[p] & 0xFF, d[p + 1] & 0xFF, (int) readRaw(p + 2, 2));
            p += 4;
        } else if (ci == 0x78) {
            header = new Header(null, null, -1, -1, -1, -1, -1, -1);
        } else {
            need(12, "header");
            String id = bcdDigits(p, 4);
            int man = (int) readRaw(p + 4, 2);
            header = new Header(id, Manufacturer.decode(man), man, d[p + 6] & 0xFF, d[p + 7] & 0xFF,
                    d[p + 8] & 0xFF, d[p + 9] & 0xFF, (int) readRaw(p + 10, 2));
            p += 12;
        }
        List<DataRecord> records = new ArrayList<>(Math.max(4, (end - p) / 4));
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
                    records.add(new DataRecord(more ? Function.MORE_RECORDS_FOLLOW : Function.MANUFACTURER_SPECIFIC,
                            0, 0, 0, DataCoding.MANUFACTURER, "Manufacturer specific", "",
                            new MbusValue.Binary(Bytes.view(d, p, end - p)), List.of(),
                            Bytes.view(d, dibStart, 1), Bytes.EMPTY, Bytes.view(d, p, end - p)));
                    p = end;
                    break;
                }
                if (dif == 0x7F) {
                    records.add(new DataRecord(Function.GLOBAL_READOUT, 0, 0, 0, DataCoding.NONE,
                            "Global readout request", "", new MbusValue.None(), List.of(),
                            Bytes.view(d, dibStart, 1), Bytes.EMPTY, Bytes.EMPTY));
                    continue;
                }
                p--;
                throw new MbusDecodeException(String.format("reserved special function DIF 0x%02X", dif), offset());
            }
            records.add(record(dibStart, dif));
        }
        return new Telegram(c, a, ci, header, records, more, null);
    }

    private DataRecord record(int dibStart, int dif) throws MbusDecodeException {
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
        Bytes dib = Bytes.view(d, dibStart, p - dibStart);
        DataCoding coding = DataCoding.of(dif);

        int vibStart = p;
        VifInfo info = vib();
        Bytes vib = Bytes.view(d, vibStart, p - vibStart);

        List<String> annotations = this.annotations;
        int dataStart = p;
        MbusValue value = value(coding, info);
        Bytes data = Bytes.view(d, dataStart, p - dataStart);
        return new DataRecord(Function.ofDif(dif), storage, tariff, subunit, coding, info.quantity(), info.unit(),
                value, annotations, dib, vib, data);
    }

    /** Annotations of the VIB parsed last (set by {@link #vib()}). */
    private List<String> annotations = List.of();

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
                info = VifInfo.unknown(String.format("unknown VIF 0x%02X", vif));
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
                ch[i] = (char) (d[p + len - 1 - i] & 0xFF);
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
            if (ann.isEmpty()) {
                ann = new ArrayList<>(2);
            }
            ann.add(VifTables.vife(vc));
        }
        annotations = ann;
        return expDelta == 0 ? info : info.withExponentDelta(expDelta);
    }

    /** Parsed meaning of a VIB given on its own (used by the encoder). */
    record ParsedVib(VifInfo info, List<String> annotations) {
    }

    static ParsedVib parseVib(Bytes vib) throws MbusDecodeException {
        TelegramDecoder t = new TelegramDecoder(vib, false);
        VifInfo info = t.vib();
        if (t.p != t.end) {
            throw new MbusDecodeException((t.end - t.p) + " bytes after the VIB", t.offset());
        }
        return new ParsedVib(info, t.annotations);
    }

    private MbusValue value(DataCoding coding, VifInfo info) throws MbusDecodeException {
        switch (coding) {
            case NONE, SELECTION_FOR_READOUT -> {
                return new MbusValue.None();
            }
            case INT8, INT16, INT24, INT32, INT48, INT64 -> {
                int n = coding.size();
                need(n, "data");
                int at = p;
                p += n;
                if (info.timePoint() && n != 1 && n != 8) {
                    return DateTypes.decode(readRaw(at, n), n);
                }
                return new MbusValue.Numeric(info.scale(signExtend(readRaw(at, n), n)));
            }
            case REAL32 -> {
                need(4, "data");
                float f = Float.intBitsToFloat((int) readRaw(p, 4));
                p += 4;
                if (Float.isNaN(f) || Float.isInfinite(f)) {
                    return new MbusValue.Text(Float.toString(f));
                }
                return new MbusValue.Numeric(info.scale(new BigDecimal(f)));
            }
            case BCD2, BCD4, BCD6, BCD8, BCD12 -> {
                int n = coding.size();
                need(n, "data");
                MbusValue v = bcd(p, n, false, info);
                p += n;
                return v;
            }
            case VARIABLE -> {
                return lvar(info);
            }
            default -> throw new MbusDecodeException("unexpected data field", offset());
        }
    }

    private MbusValue lvar(VifInfo info) throws MbusDecodeException {
        need(1, "LVAR");
        int lv = u8();
        int len;
        if (lv <= 0xBF) {
            need(lv, "LVAR text");
            char[] ch = new char[lv];
            for (int i = 0; i < lv; i++) {
                ch[i] = (char) (d[p + lv - 1 - i] & 0xFF);
            }
            p += lv;
            return new MbusValue.Text(new String(ch));
        } else if (lv >= 0xC0 && lv <= 0xC9 || lv >= 0xD0 && lv <= 0xD9) {
            len = lv & 0x0F;
            need(len, "LVAR BCD");
            MbusValue v = len == 0 ? new MbusValue.Numeric(BigDecimal.ZERO) : bcd(p, len, lv >= 0xD0, info);
            p += len;
            return v;
        } else if (lv >= 0xE0 && lv <= 0xEF) {
            len = lv - 0xE0;
        } else if (lv >= 0xF0 && lv <= 0xF4) {
            len = 4 * (lv - 0xEC);
        } else if (lv == 0xF5) {
            len = 48;
        } else if (lv == 0xF6) {
            len = 64;
        } else {
            p--;
            throw new MbusDecodeException(String.format("reserved LVAR 0x%02X", lv), offset());
        }
        need(len, "LVAR binary");
        // a binary number is sent LSB first; the value shows it most significant byte first
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = d[msbFirst ? p + i : p + len - 1 - i];
        }
        p += len;
        return new MbusValue.Binary(Bytes.view(b, 0, len));
    }

    /**
     * BCD, least significant byte first. A highest nibble of F marks a negative number
     * (EN 13757-3 annex B); other nibbles above 9 make the value not a number, so it is kept as
     * its digit string (meters use A-F to signal errors in a display-like way).
     */
    private MbusValue bcd(int at, int n, boolean negative, VifInfo info) {
        long v = 0;
        boolean bad = false;
        for (int i = n - 1; i >= 0; i--) {
            int b = d[msbFirst ? at + n - 1 - i : at + i] & 0xFF;
            int hi = b >> 4;
            int lo = b & 0x0F;
            if (i == n - 1 && hi == 0xF) {
                negative = true;
                hi = 0;
            }
            if (hi > 9 || lo > 9) {
                bad = true;
            }
            v = v * 100 + hi * 10 + lo;
        }
        if (bad) {
            return new MbusValue.Text(bcdDigits(at, n));
        }
        return new MbusValue.Numeric(info.scale(negative ? -v : v));
    }

    /** The hex digits of a BCD field, most significant first (the way a meter prints its id). */
    private String bcdDigits(int at, int n) {
        char[] c = new char[2 * n];
        for (int i = 0; i < n; i++) {
            int b = d[msbFirst ? at + i : at + n - 1 - i] & 0xFF;
            c[2 * i] = Character.toUpperCase(Character.forDigit(b >> 4, 16));
            c[2 * i + 1] = Character.toUpperCase(Character.forDigit(b & 0xF, 16));
        }
        return new String(c);
    }

    private Telegram fixed(int c, int a, int ci) throws MbusDecodeException {
        need(16, "fixed data structure");
        String id = bcdDigits(p, 4);
        int access = d[p + 4] & 0xFF;
        int status = d[p + 5] & 0xFF;
        int t1 = d[p + 6] & 0xFF;
        int t2 = d[p + 7] & 0xFF;
        int medium = (t1 >> 6) | ((t2 >> 6) << 2);
        boolean binary = (status & 0x80) != 0;
        long storage = (status & 0x40) != 0 ? 1 : 0;
        Header header = new Header(id, null, -1, -1, medium, access, status, -1, true);
        List<DataRecord> records = new ArrayList<>(2);
        VifInfo u1 = FixedUnits.of(t1 & 0x3F);
        records.add(counter(p + 8, binary, storage, u1, p + 6));
        int c2 = t2 & 0x3F;
        if (c2 == 0x3E) {
            // "same unit as counter 1, but historic value" (EN 13757-3 annex / fixed structure)
            records.add(counter(p + 12, binary, 1, u1, p + 7));
        } else {
            records.add(counter(p + 12, binary, storage, FixedUnits.of(c2), p + 7));
        }
        p += 16;
        if (p != end) {
            throw new MbusDecodeException((end - p) + " bytes after the fixed data structure", offset());
        }
        return new Telegram(c, a, ci, header, records, false, null);
    }

    private DataRecord counter(int at, boolean binary, long storage, VifInfo unit, int unitAt) {
        MbusValue v = binary
                ? new MbusValue.Numeric(unit.scale(readRaw(at, 4)))
                : bcd(at, 4, false, unit);
        return new DataRecord(Function.INSTANTANEOUS, storage, 0, 0, binary ? DataCoding.INT32 : DataCoding.BCD8,
                unit.quantity(), unit.unit(), v, List.of(), Bytes.EMPTY, Bytes.view(d, unitAt, 1),
                Bytes.view(d, at, 4));
    }

    static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
