package org.metergate.bus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Orders the meters of one readout job so the bus switches speed as few times as possible (SPEC A1):
 * the meters at the bus's default speed first (the port is at that speed between jobs), then each
 * other speed in the order it first appears. Within a speed the order is kept.
 */
public final class BaudGroups {

    private BaudGroups() {}

    public static List<ReadoutRequest> order(List<ReadoutRequest> requests, int busBaud) {
        Map<Integer, List<ReadoutRequest>> groups = new LinkedHashMap<>();
        groups.put(busBaud, new ArrayList<>());
        for (ReadoutRequest r : requests) {
            groups.computeIfAbsent(r.baudOn(busBaud), b -> new ArrayList<>()).add(r);
        }
        List<ReadoutRequest> out = new ArrayList<>(requests.size());
        groups.values().forEach(out::addAll);
        return out;
    }
}
