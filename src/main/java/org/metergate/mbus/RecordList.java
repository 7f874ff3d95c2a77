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
    /**
     * Per record: [offsets << 32 | packed], [storage | tariff << 41], [raw value]; packed holds
     * subunit, function, coding, value kind, byte order and the {@link VifInfo} index (no
     * reference per record: cheaper to store and to collect).
     */
    long[] cols;
    /** VifInfos made while decoding this telegram (plain-text VIF, VIFE corrections). */
    VifInfo[] dynamic;
    private int n;
    private int dyn;

    RecordList(byte[] buf, int capacity) {
        this.buf = buf;
        cols = new long[3 * Math.max(1, capacity)];
    }

    /** Keeps a decoding-time VifInfo and returns its index. */
    int dynamic(VifInfo info) {
        if (dynamic == null) {
            dynamic = new VifInfo[4];
        } else if (dyn == dynamic.length) {
            dynamic = Arrays.copyOf(dynamic, 2 * dyn);
        }
        dynamic[dyn] = info;
        return VifTables.DYNAMIC_BASE + dyn++;
    }

    VifInfo info(int index) {
        return index < VifTables.DYNAMIC_BASE ? VifTables.ALL[index] : dynamic[index - VifTables.DYNAMIC_BASE];
    }

    /**
     * @param kind one of the DataRecord value kinds
     * @param msbFirst multi-byte data is sent most significant byte first (CI 76h/77h)
     */
    void append(int dibOff, int vibOff, int dataOff, int end, long storage, int tariff, int subunit,
            Function function, DataCoding coding, int kind, boolean msbFirst, VifInfo info, long raw) {
        int infoIndex = info.index() >= 0 ? info.index() : dynamic(info);
        append(dibOff | vibOff << 8 | dataOff << 16 | (long) end << 24,
                subunit | function.ordinal() << 10 | coding.ordinal() << 13 | kind << 17 | (msbFirst ? 1 << 20 : 0)
                        | infoIndex << 21,
                storage | (long) tariff << 41, raw);
    }

    /** The decoder's fast path: fields already packed as stored. */
    void append(long offsets, int packed, long storageTariff, long raw) {
        int at = 3 * n;
        if (at == cols.length) {
            cols = Arrays.copyOf(cols, 2 * at);
        }
        cols[at] = offsets << 32 | (packed & 0xFFFFFFFFL);
        cols[at + 1] = storageTariff;
        cols[at + 2] = raw;
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

    /** A plain index iterator: the list never changes after decoding, no modification checks needed. */
    @Override
    public java.util.Iterator<DataRecord> iterator() {
        return new java.util.Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public DataRecord next() {
                if (i >= n) {
                    throw new java.util.NoSuchElementException();
                }
                return new DataRecord(RecordList.this, i++);
            }
        };
    }
}
