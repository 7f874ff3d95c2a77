package org.metergate.bus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a secondary scan has learnt so far. A mask that answered with nothing or with one meter is
 * <em>resolved</em>: every meter below it is known, so any smaller mask inside it needs no probe.
 * A mask that collided holds at least two meters.
 */
final class ProbeLog {

    private final List<IdMask> resolved = new ArrayList<>();
    private final Map<IdMask, Selection.Kind> outcomes = new HashMap<>();
    private final List<IdMask> collided = new ArrayList<>();
    /** Found meters by full address: their id nibbles (two meters may share an id). */
    private final Map<String, Integer> known = new LinkedHashMap<>();

    void record(IdMask mask, Selection s) {
        outcomes.putIfAbsent(mask, s.kind());
        if (s.resolves()) {
            resolved.add(mask);
        } else {
            collided.add(mask);
        }
        learn(s);
    }

    /** Takes note of the meter a selection found, without what the selection says about its mask. */
    void learn(Selection s) {
        if (s.meter() != null) {
            known.putIfAbsent(s.meter().address().toString(), s.id());
        }
    }

    /** The outcome of an earlier probe of exactly this mask, or null. */
    Selection.Kind outcome(IdMask mask) {
        return outcomes.get(mask);
    }

    /** Whether all meters below {@code mask} are known (a resolved probe contains it). */
    boolean covered(IdMask mask) {
        for (IdMask r : resolved) {
            if (r.contains(mask)) {
                return true;
            }
        }
        return false;
    }

    /** Known meters whose ids {@code mask} selects. */
    int knownIn(IdMask mask) {
        int n = 0;
        for (int id : known.values()) {
            if (mask.selects(id)) {
                n++;
            }
        }
        return n;
    }

    List<IdMask> collided() {
        return collided;
    }
}
