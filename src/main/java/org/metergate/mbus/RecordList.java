package org.metergate.mbus;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * The records of one telegram, stored column-wise: three longs and a {@link VifInfo} reference
 * per record, all pointing into the telegram's own copy of the bytes. {@link #get(int)} hands out
 * a small {@link DataRecord} view. Decoding a telegram therefore allocates a few arrays instead of
 * an object per record (see docs/decode.md, benchmark). Read-only once decoding has finished
 * (AbstractList refuses modification; only the decoder appends).
 */
final class RecordList extends AbstractList<DataRecord> implements RandomAccess {
    final byte[] buf;
    /** Per record: [offsets << 32 | packed], [storage | tariff << 41], [raw value]. */
    long[] cols;
    VifInfo[] infos;
    private int n;

    RecordList(byte[] buf, int capacity) {
        this.buf = buf;
        int c = Math.max(1, capacity);
        cols = new long[3 * c];
        infos = new VifInfo[c];
    }

    /**
     * @param kind one of the DataRecord value kinds
     * @param msbFirst multi-byte data is sent most significant byte first (CI 76h/77h)
     */
    void append(int dibOff, int vibOff, int dataOff, int end, long storage, int tariff, int subunit,
            Function function, DataCoding coding, int kind, boolean msbFirst, VifInfo info, long raw) {
        append(dibOff | vibOff << 8 | dataOff << 16 | (long) end << 24,
                subunit | function.ordinal() << 10 | coding.ordinal() << 13 | kind << 17 | (msbFirst ? 1 << 20 : 0),
                storage | (long) tariff << 41, raw, info);
    }

    /** The decoder's fast path: fields already packed as stored. */
    void append(long offsets, int packed, long storageTariff, long raw, VifInfo info) {
        if (n == infos.length) {
            cols = Arrays.copyOf(cols, 6 * n);
            infos = Arrays.copyOf(infos, 2 * n);
        }
        int at = 3 * n;
        cols[at] = offsets << 32 | packed;
        cols[at + 1] = storageTariff;
        cols[at + 2] = raw;
        infos[n] = info;
        n++;
    }

    @Override
    public DataRecord get(int i) {
        java.util.Objects.checkIndex(i, n);
        return new DataRecord(this, i);
    }

    @Override
    public int size() {
        return n;
    }
}
