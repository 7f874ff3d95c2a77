package org.metergate.wmbus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The formats of full frames seen, so compact frames (CI 79h: format signature + data without
 * DIF/VIF) of the same meter can be rebuilt. Keyed by meter (link-layer identity) and format
 * signature; bounded, least recently used entries go first. Thread-safe.
 */
public final class CompactFrameCache {
    /** DIB+VIB of every record of a full frame, in order. */
    record Format(byte[][] dibVib, int[] difs) {
    }

    private record Key(MeterId meter, int signature) {
    }

    private final int capacity;
    private final Map<Key, Format> map;

    public CompactFrameCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Format> eldest) {
                return size() > CompactFrameCache.this.capacity;
            }
        };
    }

    synchronized Format get(MeterId meter, int signature) {
        return map.get(new Key(meter, signature));
    }

    synchronized boolean contains(MeterId meter, int signature) {
        return map.containsKey(new Key(meter, signature));
    }

    synchronized void put(MeterId meter, int signature, Format f) {
        map.put(new Key(meter, signature), f);
    }

    public synchronized int size() {
        return map.size();
    }

    public int capacity() {
        return capacity;
    }
}
