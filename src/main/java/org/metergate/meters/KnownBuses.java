package org.metergate.meters;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The bus ids a meter list may name in its Bus column (SPEC C4 "access interface"): the wired buses and
 * wireless receivers the gateway's routes read, asked at each import because routes are configured
 * after the registry exists and may change with a restart. A list naming any other bus is refused, so
 * a typo cannot install meters on a bus nothing reads.
 */
@FunctionalInterface
public interface KnownBuses {

    /** No bus besides the one the caller of an import names. */
    KnownBuses NONE = Set::of;

    /** The configured bus ids now. */
    Set<String> ids();

    /** The union of both, sorted (messages list them). */
    default KnownBuses and(KnownBuses other) {
        return () -> {
            SortedSet<String> all = new TreeSet<>(ids());
            all.addAll(other.ids());
            return all;
        };
    }

    static KnownBuses of(String... ids) {
        SortedSet<String> fixed = Collections.unmodifiableSortedSet(new TreeSet<>(List.of(ids)));
        return () -> fixed;
    }
}
