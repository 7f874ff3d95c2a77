package org.metergate.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metergate.meters.LiveValues;
import org.metergate.store.SeriesKey;
import org.metergate.store.SeriesValue;
import org.metergate.store.ValueRow;

/**
 * The latest-values answer: the stored latest value of every series, each replaced by the continuous
 * mode's live value (SPEC D3) when that is newer; live values are marked {@code "live": true} and
 * carry their own time but no series or readout id (they were never stored).
 */
final class LatestValues {

    private LatestValues() {}

    static List<Map<String, Object>> merge(List<SeriesValue> stored, List<LiveValues.Live> live) {
        Map<Long, LiveValues.Live> liveByMeter = new HashMap<>();
        live.forEach(l -> liveByMeter.put(l.meterId(), l));
        Map<Long, Map<SeriesKey, ValueRow>> unused = new HashMap<>();
        for (LiveValues.Live l : live) {
            Map<SeriesKey, ValueRow> rows = new LinkedHashMap<>();
            l.values().forEach(v -> rows.put(v.series(), v));
            unused.put(l.meterId(), rows);
        }
        List<Map<String, Object>> out = new ArrayList<>(stored.size());
        for (SeriesValue v : stored) {
            LiveValues.Live l = liveByMeter.get(v.meterId());
            ValueRow row = l == null ? null : unused.get(v.meterId()).remove(v.series());
            if (row != null && l.at().isAfter(v.timestamp())) {
                out.add(live(l, row));
            } else {
                Map<String, Object> m = ValuesApi.value(v);
                m.put("live", false);
                out.add(m);
            }
        }
        // series only continuous mode has seen so far (e.g. before the first scheduled readout)
        for (LiveValues.Live l : live) {
            unused.get(l.meterId()).values().forEach(row -> out.add(live(l, row)));
        }
        return out;
    }

    private static Map<String, Object> live(LiveValues.Live l, ValueRow row) {
        Map<String, Object> m = new LinkedHashMap<>();
        SeriesKey k = row.series();
        m.put("meterId", l.meterId());
        m.put("seriesId", null);
        m.put("timestamp", l.at());
        m.put("quantity", k.quantity());
        m.put("unit", k.unit());
        m.put("function", k.function());
        m.put("storage", k.storage());
        m.put("tariff", k.tariff());
        m.put("subunit", k.subunit());
        if (!k.detail().isEmpty()) {
            m.put("detail", k.detail());
        }
        m.put("value", row.number() != null ? row.number() : row.text());
        m.put("readoutId", null);
        m.put("live", true);
        return m;
    }
}
