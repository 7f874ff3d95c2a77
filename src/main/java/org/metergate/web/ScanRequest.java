package org.metergate.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.metergate.jobs.BusAccess;
import org.metergate.jobs.ScanJobs;
import org.metergate.jobs.ScanPlan;

/**
 * The body of {@code POST /api/scans} as a {@link ScanPlan} (SPEC A7). The simple form {bus, kind, from?, to?,
 * clearFirst?} is as it always was; the advanced form {buses, modes, baud?, maxMeters?, autoInstall? (default
 * true), clearFirst?, from?, to?} is validated whole: every problem is reported at once, each naming its field,
 * and nothing starts unless all is well.
 */
final class ScanRequest {

    static final Set<String> FIELDS = Set.of("bus", "kind", "from", "to", "clearFirst", "buses", "modes", "baud",
            "maxMeters", "autoInstall");

    private final List<Map<String, String>> errors = new ArrayList<>();
    private final JsonNode body;

    private ScanRequest(JsonNode body) {
        this.body = body;
    }

    static boolean advanced(JsonNode body) {
        return body.has("buses") || body.has("modes");
    }

    /** The advanced form; 400 listing every problem. */
    static ScanPlan advancedPlan(JsonNode body, BusAccess buses) {
        return new ScanRequest(body).parse(buses);
    }

    private ScanPlan parse(BusAccess access) {
        for (String simpleOnly : List.of("bus", "kind")) {
            if (body.has(simpleOnly)) {
                error(simpleOnly, "belongs to the simple form; the advanced form names buses and modes (lists)");
            }
        }
        List<String> buses = strings("buses");
        List<ScanJobs.Kind> modes = new ArrayList<>();
        List<String> modeNames = strings("modes");
        for (int i = 0; i < modeNames.size(); i++) {
            try {
                modes.add(ScanJobs.Kind.parse(modeNames.get(i)));
            } catch (IllegalArgumentException e) {
                error("modes[" + i + "]", "must be primary or secondary, got '" + modeNames.get(i) + "'");
            }
        }
        Integer from = integer("from", 0, 250);
        Integer to = integer("to", 0, 250);
        Integer baud = integer("baud", 0, Integer.MAX_VALUE);
        Integer maxMeters = integer("maxMeters", 1, 100_000);
        boolean autoInstall = bool("autoInstall", true);
        boolean clearFirst = bool("clearFirst", false);
        if (!modes.isEmpty() && !modes.contains(ScanJobs.Kind.PRIMARY) && (from != null || to != null)) {
            error(from != null ? "from" : "to", "applies to primary scans only, and modes has no primary");
        }
        int lo = from == null ? 0 : from;
        int hi = to == null ? 250 : to;
        if (lo > hi) {
            error("from", "must not be greater than field to");
        }
        boolean baudValid = baud == null || org.metergate.meters.MeterSettings.BAUD_RATES.contains(baud);
        if (!baudValid) {
            error("baud", "must be " + org.metergate.meters.MeterSettings.BAUD_RATES_TEXT + ", got " + baud);
        }
        for (int i = 0; i < buses.size(); i++) {
            String bus = buses.get(i);
            if (buses.subList(0, i).contains(bus)) {
                error("buses[" + i + "]", "names bus '" + bus + "' twice");
            } else if (access.owner(bus).isEmpty()) {
                error("buses[" + i + "]", "no route reads bus '" + bus + "' (add an mbus:" + bus + " route under routes/)");
            } else if (baud != null && baudValid) {
                Optional<Integer> speed = access.baud(bus);
                if (speed.isPresent() && !speed.get().equals(baud) && !access.canSwitchBaud(bus)) {
                    error("baud", "bus '" + bus + "' is read at " + speed.get() + " baud through a converter of fixed speed:"
                            + " a scan there runs at its bus's speed (leave baud out, or scan that bus separately)");
                }
            }
        }
        for (int i = 0; i < modes.size(); i++) {
            if (modes.subList(0, i).contains(modes.get(i))) {
                error("modes[" + i + "]", "names mode '" + modeNames.get(i) + "' twice");
            }
        }
        if (!errors.isEmpty()) {
            String summary = errors.size() == 1 ? "field " + errors.get(0).get("field") + " " + errors.get(0).get("reason")
                    : "scan request has " + errors.size() + " errors: " + String.join("; ",
                            errors.stream().map(e -> "field " + e.get("field") + " " + e.get("reason")).toList());
            throw new ApiException(400, summary, errors);
        }
        return new ScanPlan(buses, modes, lo, hi, baud, maxMeters, autoInstall, clearFirst);
    }

    private List<String> strings(String field) {
        JsonNode v = body.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            error(field, "is required: a list, e.g. " + (field.equals("buses") ? "[\"bus1\",\"bus2\"]"
                    : "[\"secondary\",\"primary\"] (the fallback order)"));
            return out;
        }
        if (!v.isArray() || v.isEmpty()) {
            error(field, "must be a non-empty list of strings");
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isTextual() || item.textValue().isBlank()) {
                error(field + "[" + i + "]", "must be a non-empty string, got " + item);
            } else {
                out.add(item.textValue().trim());
            }
        }
        return out;
    }

    private Integer integer(String field, int min, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            error(field, "must be an integer" + (max == Integer.MAX_VALUE ? "" : " " + min + ".." + max) + ", got " + v);
            return null;
        }
        return v.intValue();
    }

    private boolean bool(String field, boolean fallback) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            error(field, "must be true or false, got " + v);
            return fallback;
        }
        return v.booleanValue();
    }

    private void error(String field, String reason) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("field", field);
        e.put("reason", reason);
        errors.add(e);
    }
}
