package org.metergate.mbus;

import java.util.List;
import java.util.Objects;

/**
 * One data record of the variable data structure (or one counter of the fixed structure).
 *
 * <p>Decoding fully checks and converts the record (DIB, VIB and data: integers, BCD including
 * its sign, floats, dates, text lengths); the numeric result is kept as an exact raw number and
 * the value object is built when asked for. That keeps a decoded telegram to about one small
 * object per record (see the benchmark in docs/decode.md), and {@link #unscaledValue()} /
 * {@link #scale()} give numbers without any allocation.
 *
 * <p>Two records are equal when their meaning and their wire bytes are equal.
 */
public final class DataRecord {
    static final int NONE = 0;
    static final int INTEGER = 1;
    static final int REAL = 2;
    /** BCD field with digits A-F (not a number): the value is its digit string. */
    static final int DIGITS = 3;
    static final int DATE = 4;
    static final int TEXT = 5;
    static final int BINARY = 6;
    static final int MANUFACTURER = 7;

    private static final VifInfo MANUFACTURER_INFO = VifTables.MANUFACTURER;
    /** Cached: {@code values()} clones its array on every call. */
    private static final Function[] FUNCTIONS = Function.values();
    private static final DataCoding[] CODINGS = DataCoding.values();

    private final RecordList list;
    private final int index;
    /** The record's first column (offsets and packed fields), read once. */
    private final long head;
    private final VifInfo info;

    DataRecord(RecordList list, int index) {
        this.list = list;
        this.index = index;
        this.head = list.cols[3 * index];
        this.info = list.info((int) head >>> 21);
    }

    /** A one-record list holding a manufacturer block (DIF 0Fh/1Fh) in {@code buf}. */
    static DataRecord manufacturer(byte[] buf, int dibOff, int end, boolean more) {
        RecordList l = new RecordList(buf, 1);
        appendManufacturer(l, dibOff, end, more);
        return l.get(0);
    }

    static void appendManufacturer(RecordList l, int dibOff, int end, boolean more) {
        l.append(dibOff, dibOff + 1, dibOff + 1, end, 0, 0, 0,
                more ? Function.MORE_RECORDS_FOLLOW : Function.MANUFACTURER_SPECIFIC, DataCoding.MANUFACTURER,
                MANUFACTURER, false, MANUFACTURER_INFO, 0);
    }

    private int offsets() {
        return (int) (head >>> 32);
    }

    private int packed() {
        return (int) head;
    }

    private VifInfo info() {
        return info;
    }

    private long rawValue() {
        return list.cols[3 * index + 2];
    }

    private byte[] buf() {
        return list.buf;
    }

    private int dibOff() {
        return offsets() & 0xFF;
    }

    private int vibOff() {
        return (offsets() >>> 8) & 0xFF;
    }

    private int dataOff() {
        return (offsets() >>> 16) & 0xFF;
    }

    private int end() {
        return offsets() >>> 24;
    }

    private int kind() {
        return (packed() >>> 17) & 7;
    }

    private boolean msbFirst() {
        return (packed() & 1 << 20) != 0;
    }

    public Function function() {
        return FUNCTIONS[(packed() >>> 10) & 7];
    }

    /** Storage number (0 = current value), up to 41 bits from DIF + 10 DIFEs. */
    public long storage() {
        return list.cols[3 * index + 1] & ((1L << 41) - 1);
    }

    public int tariff() {
        return (int) (list.cols[3 * index + 1] >>> 41);
    }

    /** The "device" / subunit number from the DIFE chain. */
    public int subunit() {
        return packed() & 0x3FF;
    }

    public DataCoding coding() {
        return CODINGS[(packed() >>> 13) & 0xF];
    }

    /** What is measured, e.g. "Volume"; "unknown VIF 0x.." for codes not in the tables. */
    public String quantity() {
        return info().quantity();
    }

    /** SI-style unit the value is expressed in ("" when dimensionless, a date or text). */
    public String unit() {
        return info().unit();
    }

    /**
     * Descriptions of combinable VIFEs ("per hour", "error: data overflow" ...). Worked out from
     * the VIB bytes when asked: most records have none, and decoding stays allocation-light.
     */
    public List<String> annotations() {
        int len = dataOff() - vibOff();
        return len <= 1 ? List.of() : TelegramDecoder.annotations(buf(), vibOff(), len);
    }

    /**
     * True when the value is a number equal to {@code unscaledValue() * 10^-scale()}: every
     * integer and BCD value (a float or a digit string is not).
     */
    public boolean isExactLong() {
        if (kind() != INTEGER) {
            return false;
        }
        VifInfo info = info();
        return info.factor() == 1 || Math.abs(rawValue()) <= info.maxExactRaw();
    }

    /** The value without its decimal scale; only meaningful when {@link #isExactLong()}. */
    public long unscaledValue() {
        return rawValue() * info().factor();
    }

    /** Decimal scale of {@link #unscaledValue()}: value = unscaled * 10^-scale. */
    public int scale() {
        return -info().exponent();
    }

    /** The value in {@link #unit()}: exact numbers, dates as sent, text, or binary data. */
    public MbusValue value() {
        return valueOf(list, index); // static, so this view does not escape (allocation-free loops)
    }

    private static MbusValue valueOf(RecordList list, int index) {
        long raw = list.cols[3 * index + 2];
        byte[] buf = list.buf;
        int packed = (int) list.cols[3 * index];
        VifInfo info = list.info(packed >>> 21);
        int offsets = (int) (list.cols[3 * index] >>> 32);
        int dataOff = (offsets >>> 16) & 0xFF;
        int end = offsets >>> 24;
        boolean msbFirst = (packed & 1 << 20) != 0;
        switch ((packed >>> 17) & 7) {
            case INTEGER:
                return new MbusValue.Numeric(info.scale(raw));
            case REAL: {
                float f = Float.intBitsToFloat((int) raw);
                if (Float.isNaN(f) || Float.isInfinite(f)) {
                    return new MbusValue.Text(Float.toString(f));
                }
                return new MbusValue.Numeric(info.factor() == 1 ? Floats.exact(f, info.exponent())
                        : info.scale(Floats.exact(f)));
            }
            case DIGITS:
                return new MbusValue.Text(digits(buf, CODINGS[(packed >>> 13) & 0xF] == DataCoding.VARIABLE ? dataOff + 1 : dataOff, end, msbFirst));
            case DATE:
                return DateTypes.decode(raw, CODINGS[(packed >>> 13) & 0xF].size());
            case TEXT: {
                int from = dataOff + 1;
                int len = end - from;
                char[] ch = new char[len];
                for (int i = 0; i < len; i++) {
                    ch[i] = (char) (buf[from + len - 1 - i] & 0xFF); // sent last character first
                }
                return new MbusValue.Text(new String(ch));
            }
            case BINARY: {
                int from = dataOff + 1;
                int len = end - from;
                byte[] b = new byte[len];
                for (int i = 0; i < len; i++) {
                    b[i] = buf[msbFirst ? from + i : from + len - 1 - i]; // a binary number, MSB first
                }
                return new MbusValue.Binary(Bytes.view(b, 0, len));
            }
            case MANUFACTURER:
                return new MbusValue.Binary(Bytes.view(buf, dataOff, end - dataOff));
            default:
                return MbusValue.NONE;
        }
    }

    /** The hex digits of a BCD field, most significant first. */
    private static String digits(byte[] buf, int from, int end, boolean msbFirst) {
        int n = end - from;
        char[] c = new char[2 * n];
        for (int i = 0; i < n; i++) {
            int b = buf[msbFirst ? from + i : from + n - 1 - i] & 0xFF;
            c[2 * i] = Character.toUpperCase(Character.forDigit(b >> 4, 16));
            c[2 * i + 1] = Character.toUpperCase(Character.forDigit(b & 0xF, 16));
        }
        return new String(c);
    }

    /** The DIF and DIFE bytes as sent (empty for a fixed-structure counter). */
    public Bytes dib() {
        return Bytes.view(buf(), dibOff(), vibOff() - dibOff());
    }

    /** The VIF and VIFE bytes as sent (with plain-text VIF, including the text). */
    public Bytes vib() {
        return Bytes.view(buf(), vibOff(), dataOff() - vibOff());
    }

    /** The data field bytes as sent (with LVAR, including the LVAR byte). */
    public Bytes data() {
        return Bytes.view(buf(), dataOff(), end() - dataOff());
    }

    /** DIF/DIFE + VIF/VIFE + data: the record exactly as on the wire. */
    public Bytes raw() {
        return Bytes.view(buf(), dibOff(), end() - dibOff());
    }

    int rawLength() {
        return end() - dibOff();
    }

    void copyRawTo(byte[] dst, int at) {
        System.arraycopy(buf(), dibOff(), dst, at, rawLength());
    }

    /** The first DIF byte; -1 for a fixed-structure counter, which has none. */
    public int dif() {
        return vibOff() == dibOff() ? -1 : buf()[dibOff()] & 0xFF;
    }

    public boolean isManufacturerData() {
        return kind() == MANUFACTURER;
    }

    /**
     * Builds a record for encoding (simulator, tests): computes the wire bytes canonically (the
     * shortest DIFE chain) and the quantity/unit from the VIB, so that decoding the encoded record
     * gives back an equal record.
     *
     * @param vib VIF and VIFE bytes, e.g. {@code Bytes.ofHex("13")} for volume in litres
     * @param value the value in the unit the VIB gives (it is divided back to the raw number)
     */
    public static DataRecord of(Function function, long storage, int tariff, int subunit, DataCoding coding,
            Bytes vib, MbusValue value) {
        return RecordEncoder.build(function, storage, tariff, subunit, coding, vib, value);
    }

    /** A manufacturer-specific block (DIF 0Fh, or 1Fh when more records follow in the next telegram). */
    public static DataRecord manufacturerData(Bytes payload, boolean moreRecordsFollow) {
        if (payload.length() > Frame.LongFrame.MAX_DATA - 13) {
            throw new MbusEncodeException("manufacturer data longer than a telegram");
        }
        byte[] b = new byte[payload.length() + 1];
        b[0] = (byte) (moreRecordsFollow ? 0x1F : 0x0F);
        payload.copyTo(b, 1);
        return manufacturer(b, 0, b.length, moreRecordsFollow);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataRecord r && r.storage() == storage() && r.tariff() == tariff()
                && r.function() == function() && r.subunit() == subunit() && r.coding() == coding()
                && r.quantity().equals(quantity()) && r.unit().equals(unit())
                && r.value().equals(value()) && r.dib().equals(dib()) && r.vib().equals(vib())
                && r.data().equals(data());
    }

    @Override
    public int hashCode() {
        return Objects.hash(function(), storage(), tariff(), subunit(), quantity(), value(), raw());
    }

    @Override
    public String toString() {
        return "DataRecord[" + function() + " storage=" + storage() + " tariff=" + tariff() + " subunit=" + subunit()
                + " " + quantity() + " = " + value().text() + " " + unit()
                + (annotations().isEmpty() ? "" : " " + annotations()) + " raw=" + raw() + "]";
    }
}
