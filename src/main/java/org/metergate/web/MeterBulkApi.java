package org.metergate.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.metergate.admin.SystemLog;
import org.metergate.meters.Meter;
import org.metergate.meters.MeterBulkException;
import org.metergate.meters.MeterRegistry;
import org.metergate.meters.MeterSettings;

/**
 * Bulk functions on a selection of meters (SPEC C3): {@code POST /api/meters/bulk}
 * {@code {"ids":[…], "action":"activate|deactivate|delete|change", "settings":{…}}}. The selection is
 * validated as a whole (unknown ids, settings, duplicates, capacity; a 400/409 lists every problem) and
 * applied in one transaction, or not at all. {@code change} sets the same values on every selected
 * meter: bus, baud, multi-telegram mode and maximum, timing overrides.
 */
public final class MeterBulkApi extends ApiRouteBuilder {

    public static final int MAX_SELECTION = 10_000;
    static final Set<String> CHANGEABLE = Set.of("busId", "baudRate", "multiTelegram", "maxTelegrams", "responseTimeoutMs",
            "retries", "pauseMs");
    private static final Set<String> FIELDS = Set.of("ids", "action", "settings");

    private final MeterRegistry registry;

    public MeterBulkApi(RequestAuthenticator auth, SystemLog systemLog, MeterRegistry registry) {
        super(auth, systemLog);
        this.registry = registry;
    }

    @Override
    protected void api() {
        rest("/api").description("Meters: bulk functions")
                .post("/meters/bulk").description("Apply one action to a selection: {ids, action: activate|deactivate|"
                        + "delete|change, settings (change only): busId, baudRate, multiTelegram, maxTelegrams,"
                        + " responseTimeoutMs, retries, pauseMs}; all or nothing")
                    .consumes("application/json").produces("application/json").to("direct:api-meters-bulk");
        operation("api-meters-bulk", Access.ADMIN, this::bulk);
    }

    private Map<String, Object> bulk(ApiRequest r) {
        JsonNode body = r.body(JsonNode.class);
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("request body must be a JSON object");
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw ApiException.badRequest("unknown field '" + f + "' in request body");
            }
        });
        Set<Long> ids = ids(body.get("ids"));
        String action = Fields.text(body, "action");
        if (action == null) {
            throw ApiException.badRequest("field action required: activate, deactivate, delete or change");
        }
        action = action.toLowerCase(Locale.ROOT);
        JsonNode settings = body.get("settings");
        if (!action.equals("change") && settings != null) {
            throw ApiException.badRequest("field settings applies to action change only");
        }
        Map<Long, Meter> selected = new HashMap<>();
        List<Long> missing = new ArrayList<>();
        for (long id : ids) {
            registry.find(id).ifPresentOrElse(m -> selected.put(id, m), () -> missing.add(id));
        }
        if (!missing.isEmpty()) {
            throw new ApiException(400, "field ids: " + missing.size() + " unknown meters, nothing changed", missing);
        }
        Map<Long, MeterSettings> changes = new LinkedHashMap<>();
        Set<Long> deletes = new LinkedHashSet<>();
        switch (action) {
            case "activate", "deactivate" -> {
                boolean on = action.equals("activate");
                for (long id : ids) {
                    changes.put(id, selected.get(id).settings().withActive(on));
                }
            }
            case "delete" -> deletes.addAll(ids);
            case "change" -> changes.putAll(changed(ids, selected, settings, registry.parser().knownBuses()));
            default -> throw ApiException.badRequest("field action must be activate, deactivate, delete or change, got '"
                    + action + "'");
        }
        try {
            registry.applyBulk(changes, deletes);
        } catch (MeterBulkException e) {
            throw new ApiException(409, e.getMessage(), e.problems());
        }
        systemLog.info("meters", "Bulk " + action + " of " + ids.size() + " meters by " + r.user().username());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("action", action);
        out.put("meters", ids);
        out.put("count", ids.size());
        out.put("activeCount", registry.countActive());
        out.put("maxActive", registry.maxActive());
        return out;
    }

    private static Map<Long, MeterSettings> changed(Set<Long> ids, Map<Long, Meter> selected, JsonNode settings,
            Set<String> knownBuses) {
        if (settings == null || !settings.isObject() || settings.isEmpty()) {
            throw ApiException.badRequest("field settings required for action change: an object with some of " + CHANGEABLE);
        }
        settings.fieldNames().forEachRemaining(f -> {
            if (!CHANGEABLE.contains(f)) {
                throw ApiException.badRequest("field settings." + f + " cannot be changed in bulk (allowed: "
                        + String.join(", ", new java.util.TreeSet<>(CHANGEABLE)) + ")");
            }
        });
        Map<Long, MeterSettings> out = new LinkedHashMap<>();
        List<MeterBulkException.Problem> problems = new ArrayList<>();
        for (long id : ids) {
            try {
                MeterSettings changed = MetersApi.settings(settings, selected.get(id).settings());
                MetersApi.checkBus(changed, selected.get(id).settings(), knownBuses);
                out.put(id, changed);
            } catch (ApiException e) {
                problems.add(new MeterBulkException.Problem(id, "settings: " + e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ApiException(400, "settings invalid for " + problems.size() + " meters, nothing changed", problems);
        }
        return out;
    }

    private static Set<Long> ids(JsonNode v) {
        if (v == null || !v.isArray() || v.isEmpty()) {
            throw ApiException.badRequest("field ids required: a non-empty array of meter ids");
        }
        if (v.size() > MAX_SELECTION) {
            throw ApiException.badRequest("field ids: at most " + MAX_SELECTION + " meters at once");
        }
        Set<Long> ids = new LinkedHashSet<>();
        for (JsonNode id : v) {
            if (!id.isIntegralNumber() || !id.canConvertToLong()) {
                throw ApiException.badRequest("field ids must hold meter ids (integers), got " + id);
            }
            if (!ids.add(id.longValue())) {
                throw ApiException.badRequest("field ids names meter " + id.longValue() + " twice");
            }
        }
        return ids;
    }
}
