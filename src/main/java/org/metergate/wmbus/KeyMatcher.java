package org.metergate.wmbus;

import java.util.List;
import java.util.Optional;
import org.metergate.mbus.Manufacturer;

/**
 * SPEC B4 key selection: of the keys that match a meter, a key bound to it wins, otherwise the most
 * specific one (most fields that are not "any"); between equally specific keys the earlier one in
 * the list. Immutable and thread-safe; the filters are kept as numbers so a lookup allocates
 * nothing but its {@code Optional}.
 */
public final class KeyMatcher implements KeyLookup {
    private final List<KeyEntry> keys;
    /** Per entry: id filter (-1 any), manufacturer code (-1 any), specificity. */
    private final long[] ids;
    private final int[] manufacturers;
    private final int[] specificity;
    private final Optional<KeyEntry>[] found;

    @SuppressWarnings("unchecked")
    public KeyMatcher(List<KeyEntry> keys) {
        this.keys = List.copyOf(keys);
        int n = this.keys.size();
        ids = new long[n];
        manufacturers = new int[n];
        specificity = new int[n];
        found = new Optional[n];
        for (int i = 0; i < n; i++) {
            KeyEntry k = this.keys.get(i);
            ids[i] = k.address() == null ? -1 : Long.parseLong(k.address(), 16);
            manufacturers[i] = k.manufacturer() == null ? -1 : Manufacturer.encode(k.manufacturer());
            specificity[i] = k.specificity();
            found[i] = Optional.of(k);
        }
    }

    @Override
    public Optional<KeyEntry> find(MeterId meter) {
        int best = -1;
        long id = meter.idBcd() & 0xFFFFFFFFL;
        for (int i = 0; i < ids.length; i++) {
            if (best >= 0 && specificity[i] <= specificity[best]) {
                continue;
            }
            KeyEntry k = keys.get(i);
            boolean match = k.boundMeter().isPresent() ? k.boundMeter().get().equals(meter)
                    : (ids[i] < 0 || ids[i] == id)
                    && (manufacturers[i] < 0 || manufacturers[i] == meter.manufacturerCode())
                    && (k.deviceType() < 0 || k.deviceType() == meter.deviceType())
                    && (k.version() < 0 || k.version() == meter.version());
            if (match) {
                best = i;
            }
        }
        return best < 0 ? Optional.empty() : found[best];
    }

    public List<KeyEntry> keys() {
        return keys;
    }
}
