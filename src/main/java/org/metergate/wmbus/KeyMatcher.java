package org.metergate.wmbus;

import java.util.List;
import java.util.Optional;

/**
 * SPEC B4 key selection: of the keys that match a meter, a key bound to it wins, otherwise the most
 * specific one (most fields that are not "any"); between equally specific keys the earlier one in
 * the list. Immutable and thread-safe.
 */
public final class KeyMatcher implements KeyLookup {
    private final List<KeyEntry> keys;

    public KeyMatcher(List<KeyEntry> keys) {
        this.keys = List.copyOf(keys);
    }

    @Override
    public Optional<KeyEntry> find(MeterId meter) {
        KeyEntry best = null;
        for (KeyEntry k : keys) {
            if (k.matches(meter) && (best == null || k.specificity() > best.specificity())) {
                best = k;
            }
        }
        return Optional.ofNullable(best);
    }

    public List<KeyEntry> keys() {
        return keys;
    }
}
