package org.metergate.mbus;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * The decoder's record list: grows while decoding, read-only once handed out (AbstractList
 * refuses modification). Saves the copy a {@code List.copyOf} would make for every telegram.
 */
final class RecordList extends AbstractList<DataRecord> implements RandomAccess {
    private DataRecord[] a;
    private int n;

    RecordList(int capacity) {
        a = new DataRecord[Math.max(2, capacity)];
    }

    void append(DataRecord r) {
        if (n == a.length) {
            a = Arrays.copyOf(a, n * 2);
        }
        a[n++] = r;
    }

    @Override
    public DataRecord get(int i) {
        java.util.Objects.checkIndex(i, n);
        return a[i];
    }

    @Override
    public int size() {
        return n;
    }
}
