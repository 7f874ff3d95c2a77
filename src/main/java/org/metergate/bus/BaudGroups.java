package org.metergate.bus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Orders the meters of one readout job so the bus switches speed as few times as possible (SPEC A1):
 * the meters at the bus's default speed first (the port is at that speed between jobs), then each
 * other speed in the order it first appears. Within a speed the order is kept.
 */
public final class BaudGroups {

    private BaudGroups() {}

    public static List<ReadoutRequest> order(List<ReadoutRequest> requests, int busBaud) {
        return order(requests, r -> r.baudOn(busBaud), busBaud);
    }

    /** The same order for anything that has a speed on this bus (e.g. the meters of an installation job). */
    public static <T> List<T> order(List<T> items, ToIntFunction<T> baudOf, int busBaud) {
        Map<Integer, List<T>> groups = new LinkedHashMap<>();
        groups.put(busBaud, new ArrayList<>());
        for (T item : items) {
            groups.computeIfAbsent(baudOf.applyAsInt(item), b -> new ArrayList<>()).add(item);
        }
        List<T> out = new ArrayList<>(items.size());
        groups.values().forEach(out::addAll);
        return out;
    }

    /** Whether any of these meters runs at another speed than the bus default (the cycle must switch back at its end). */
    public static boolean leavesDefault(List<ReadoutRequest> requests, int busBaud) {
        return requests.stream().anyMatch(r -> r.baudOn(busBaud) != busBaud);
    }
}
