package org.metergate.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.metergate.admin.SystemLog;
import org.metergate.jobs.InstallReadouts;
import org.metergate.meters.AddressingMode;
import org.metergate.meters.Meter;
import org.metergate.meters.MeterConflictException;
import org.metergate.meters.MeterListException;
import org.metergate.meters.MeterListExport;
import org.metergate.meters.MeterListTemplate;
import org.metergate.meters.MeterPage;
import org.metergate.meters.MeterQuery;
import org.metergate.meters.MeterRegistry;
import org.metergate.meters.MeterSettings;

/**
 * The meter registry over REST (SPEC C1, C3, C4, C7):
 * <ul>
 * <li>{@code GET /api/meters?q=&active=&page=&size=} — the meter list, searchable, paged</li>
 * <li>{@code POST /api/meters} — install one meter (JSON); 201</li>
 * <li>{@code GET/PUT/DELETE /api/meters/{id}} — one meter; PUT changes only the fields it names
 * (an explicit null clears an optional field), read-only fields of a GET answer are ignored</li>
 * <li>{@code POST /api/meters/import?clear=true&bus=} — install a meter list (lines without a Bus cell on
 * {@code bus}, by default the default bus): the raw file as body (text/csv,
 * application/vnd.ms-excel, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,
 * application/octet-stream) or multipart/form-data with a file field "file"; 400 with every line/column error</li>
 * <li>{@code GET /api/meters/template.csv?examples=true} — the meter list template</li>
 * </ul>
 * Reading needs a viewer, changing an admin. Readout operations live with the bus wiring, not here.
 */
public final class MetersApi extends ApiRouteBuilder {

    static final String TEMPLATE_PATH = "/meters/template.csv";
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static final Set<String> WRITABLE = Set.of("name", "addressingMode", "primaryAddress", "secondaryAddress",
            "manufacturer", "version", "medium", "enhancedReceiver", "enhancedMeter", "busId", "baudRate", "active",
            "multiTelegram", "maxTelegrams", "responseTimeoutMs", "retries", "pauseMs", "listPosition");
    private static final Set<String> READ_ONLY = Set.of("id", "manufacturerCode", "lastStatus", "lastStatusMessage",
            "lastReadoutAt", "createdAt", "updatedAt");

    private final MeterRegistry registry;
    private final InstallReadouts installs;

    public MetersApi(RequestAuthenticator auth, SystemLog systemLog, MeterRegistry registry) {
        this(auth, systemLog, registry, null);
    }

    /** @param installs runs the installation readout (SPEC C2) of imported meters; null = none */
    public MetersApi(RequestAuthenticator auth, SystemLog systemLog, MeterRegistry registry, InstallReadouts installs) {
        super(auth, systemLog);
        this.registry = registry;
        this.installs = installs;
    }

    @Override
    protected void api() {
        rest("/api").description("Meters")
                // before /meters/{id}: the first matching path wins
                .get(TEMPLATE_PATH).description("Meter list template (CSV); examples=true adds the manual's example lines")
                    .produces("text/csv").to("direct:api-meters-template")
                .get("/meters/export.csv").description("The installed meters as a meter list (CSV, the template's columns and"
                        + " Bus and the other settings; import it again with POST /api/meters/import)").produces("text/csv").to("direct:api-meters-export-csv")
                .get("/meters/export.xlsx").description("The installed meters as a meter list (XLSX, addresses as text)")
                    .produces(XLSX).to("direct:api-meters-export-xlsx")
                .get("/meters").description("Installed meters, in installation order. Query: q (search in name, secondary"
                        + " address, manufacturer, position), active (true|false), page (0-based), size (1..1000, default 100)")
                    .produces("application/json").to("direct:api-meters-list")
                .post("/meters").description("Install one meter (JSON); beyond the capacity it is installed passive")
                    .consumes("application/json").produces("application/json").to("direct:api-meters-create")
                .post("/meters/import").description("Install a meter list (CSV, XLSX, XLS; raw body or multipart field 'file')."
                        + " Query: clear=true replaces the current list; bus= the bus of lines without a Bus cell (default:"
                        + " the default bus). Columns: the template's, optionally Bus (a configured bus or receiver), Manufacturer,"
                        + " Version, Medium, Active, MultiTelegram, MaxTelegrams, ResponseTimeoutMs, Retries, PauseMs, ListPosition"
                        + " (as the export writes them). Nothing is installed unless the whole list is valid;"
                        + " 400 lists every error with line and column; the answer names the installation readout job (installJob)")
                    .produces("application/json").to("direct:api-meters-import")
                .get("/meters/{id}").description("One meter").produces("application/json").to("direct:api-meters-get")
                .put("/meters/{id}").description("Change a meter's settings (only the fields given)")
                    .consumes("application/json").produces("application/json").to("direct:api-meters-update")
                .delete("/meters/{id}").description("Remove a meter").to("direct:api-meters-delete");

        operation("api-meters-template", Access.VIEWER, r -> ApiResponse.text(200, "text/csv; charset=utf-8",
                MeterListTemplate.csv(r.query("examples").map(Boolean::parseBoolean).orElse(false)),
                Map.of("Content-Disposition", "attachment; filename=\"" + MeterListTemplate.FILE_NAME + "\"")));
        operation("api-meters-export-csv", Access.VIEWER, r -> ApiResponse.text(200, "text/csv; charset=utf-8",
                MeterListExport.csv(registry.repository().all()),
                Map.of("Content-Disposition", "attachment; filename=\"" + MeterListExport.CSV_NAME + "\"")));
        operation("api-meters-export-xlsx", Access.VIEWER, r -> new ApiResponse(200, XLSX,
                MeterListExport.xlsx(registry.repository().all()),
                Map.of("Content-Disposition", "attachment; filename=\"" + MeterListExport.XLSX_NAME + "\"")));
        operation("api-meters-list", Access.VIEWER, this::list);
        operation("api-meters-create", Access.ADMIN, this::create);
        operation("api-meters-import", Access.ADMIN, this::importList);
        operation("api-meters-get", Access.VIEWER, r -> json(meter(r)));
        operation("api-meters-update", Access.ADMIN, this::update);
        operation("api-meters-delete", Access.ADMIN, r -> {
            long id = id(r);
            if (!registry.delete(id)) {
                throw ApiException.notFound("no meter " + id);
            }
            systemLog.info("meters", "Meter " + id + " removed by " + r.user().username());
            return null;
        });
    }

    private Map<String, Object> list(ApiRequest r) {
        Boolean active = r.query("active").map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ApiException.badRequest("query parameter active must be true or false, got '" + v + "'");
        }).orElse(null);
        MeterPage page = registry.find(new MeterQuery(r.query("q").orElse(null), active,
                r.queryInt("page", 0, 0, Integer.MAX_VALUE / MeterQuery.MAX_PAGE_SIZE),
                r.queryInt("size", 100, 1, MeterQuery.MAX_PAGE_SIZE)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", page.total());
        body.put("page", page.page());
        body.put("size", page.size());
        body.put("activeCount", registry.countActive());
        body.put("maxActive", registry.maxActive());
        body.put("meters", page.meters().stream().map(MetersApi::json).toList());
        return body;
    }

    private ApiResponse create(ApiRequest r) {
        MeterSettings settings = settings(r.body(JsonNode.class), null);
        checkBus(settings, null, registry.parser().knownBuses());
        Meter meter;
        try {
            meter = registry.install(settings);
        } catch (MeterConflictException e) {
            throw new ApiException(409, e.getMessage());
        }
        systemLog.info("meters", "Meter " + meter.id() + " (" + meter.settings().name() + ") installed"
                + (meter.active() ? "" : " passive (capacity reached)") + " by " + r.user().username());
        Map<String, Object> body = json(meter);
        if (installs != null) {
            // SPEC C2: a meter installed by hand is read once too (skipped when passive or its bus has no route)
            body.put("installJob", installs.start(java.util.List.of(meter), r.user().username()).id());
        }
        return ApiResponse.json(201, body).withHeader("Location", "/api/meters/" + meter.id());
    }

    private Map<String, Object> update(ApiRequest r) {
        long id = id(r);
        JsonNode body = r.body(JsonNode.class);
        Meter current = meter(r);
        MeterSettings settings = settings(body, current.settings());
        checkBus(settings, current.settings(), registry.parser().knownBuses());
        try {
            Meter updated = registry.update(id, settings);
            systemLog.info("meters", "Meter " + id + " (" + updated.settings().name() + ") changed by " + r.user().username());
            return json(updated);
        } catch (MeterConflictException e) {
            throw new ApiException(409, e.getMessage());
        } catch (NoSuchElementException e) {
            throw ApiException.notFound("no meter " + id);
        }
    }

    private Map<String, Object> importList(ApiRequest r) throws IOException {
        boolean clear = r.queryBoolean("clear", false);
        String bus = r.query("bus").map(String::strip).orElse(registry.parser().defaultBus());
        if (!registry.parser().knownBuses().contains(bus)) {
            throw ApiException.badRequest("query parameter bus: unknown bus '" + bus + "' (the configured buses are "
                    + String.join(", ", registry.parser().knownBuses()) + ")");
        }
        byte[] content = Uploads.file(r, registry.parser().maxBytes(), "meter list");
        MeterRegistry.ImportResult result;
        try {
            result = registry.installList(content, clear, bus);
        } catch (MeterListException e) {
            throw new ApiException(400, e.getMessage(), e.errors());
        }
        systemLog.info("meters", "Meter list (" + result.format() + ") installed by " + r.user().username() + ": "
                + result.installed() + " meters, " + result.active() + " active, " + result.passive() + " passive"
                + (clear ? ", " + result.removed() + " removed first" : ""));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("installed", result.installed());
        body.put("active", result.active());
        body.put("passive", result.passive());
        body.put("removed", result.removed());
        body.put("format", result.format().name());
        body.put("maxActive", registry.maxActive());
        if (installs != null) {
            // SPEC C2: every installed meter is read once; GET /api/meters/install/status?job= shows the progress
            body.put("installJob", installs.start(result.meters(), r.user().username()).id());
        }
        return body;
    }

    private Meter meter(ApiRequest r) {
        long id = id(r);
        return registry.find(id).orElseThrow(() -> ApiException.notFound("no meter " + id));
    }

    private static long id(ApiRequest r) {
        String v = r.path("id");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no meter " + v);
        }
    }

    /**
     * A new or changed bus must be one the gateway reads (as in a meter list's Bus column), so a typo cannot put a
     * meter where nothing reads it and an export stays importable; an unchanged bus whose route was removed since
     * does not block other edits.
     */
    static void checkBus(MeterSettings settings, MeterSettings base, java.util.Set<String> known) {
        if ((base == null || !settings.busId().equals(base.busId())) && !known.contains(settings.busId())) {
            throw ApiException.badRequest("field busId: unknown bus '" + settings.busId() + "' (the configured buses are "
                    + String.join(", ", known) + ")");
        }
    }

    /** Control characters other than tab and line breaks cannot be exported to CSV or XLSX and back. */
    private static String checkedText(String field, String v) {
        if (v != null && v.chars().anyMatch(ch -> Character.isISOControl(ch) && ch != '\t' && ch != '\r' && ch != '\n')) {
            throw ApiException.badRequest("field " + field + " must not contain control characters");
        }
        return v;
    }

    /** Settings from a JSON object: over {@code base} (PUT, absent = unchanged) or from scratch with defaults (POST). */
    static MeterSettings settings(JsonNode body, MeterSettings base) {
        if (!body.isObject()) {
            throw ApiException.badRequest("request body must be a JSON object");
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!WRITABLE.contains(f) && !READ_ONLY.contains(f)) {
                throw ApiException.badRequest("unknown field '" + f + "' in request body");
            }
        });
        boolean create = base == null;
        try {
            String modeText = text(body, "addressingMode", create ? null : base.mode().id());
            if (modeText == null) {
                throw ApiException.badRequest("addressingMode required (primary, secondary or esecondary)");
            }
            return new MeterSettings(
                    checkedText("name", text(body, "name", create ? null : base.name())),
                    AddressingMode.parse(modeText),
                    integer(body, "primaryAddress", create ? null : base.primaryAddress()),
                    text(body, "secondaryAddress", create ? null : base.secondaryId()),
                    text(body, "manufacturer", create ? null : base.manufacturer()),
                    integer(body, "version", create ? null : base.version()),
                    integer(body, "medium", create ? null : base.medium()),
                    text(body, "enhancedReceiver", create ? null : base.enhancedReceiver()),
                    text(body, "enhancedMeter", create ? null : base.enhancedMeter()),
                    text(body, "busId", create ? MeterSettings.DEFAULT_BUS : base.busId()),
                    required(integer(body, "baudRate", create ? MeterSettings.DEFAULT_BAUD : base.baud()), "baudRate"),
                    required(bool(body, "active", create || base.active()), "active"),
                    required(bool(body, "multiTelegram", create || base.multiTelegram()), "multiTelegram"),
                    required(integer(body, "maxTelegrams", create ? MeterSettings.DEFAULT_MAX_TELEGRAMS : base.maxTelegrams()),
                            "maxTelegrams"),
                    integer(body, "responseTimeoutMs", create ? null : base.responseTimeoutMs()),
                    integer(body, "retries", create ? null : base.retries()),
                    integer(body, "pauseMs", create ? null : base.pauseMs()),
                    checkedText("listPosition", text(body, "listPosition", create ? null : base.listPosition())));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw ApiException.badRequest(field + " must not be null");
        }
        return value;
    }

    private static String text(JsonNode body, String field, String fallback) {
        if (!body.has(field)) {
            return fallback;
        }
        JsonNode v = body.get(field);
        if (v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("field " + field + " must be a string");
        }
        return v.textValue();
    }

    private static Integer integer(JsonNode body, String field, Integer fallback) {
        if (!body.has(field)) {
            return fallback;
        }
        JsonNode v = body.get(field);
        if (v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw ApiException.badRequest("field " + field + " must be an integer");
        }
        return v.intValue();
    }

    private static Boolean bool(JsonNode body, String field, boolean fallback) {
        if (!body.has(field)) {
            return fallback;
        }
        JsonNode v = body.get(field);
        if (v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw ApiException.badRequest("field " + field + " must be true or false");
        }
        return v.booleanValue();
    }

    /** A meter as the API shows it (the same field names a POST or PUT takes). */
    static Map<String, Object> json(Meter m) {
        MeterSettings s = m.settings();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("id", m.id());
        j.put("name", s.name());
        j.put("addressingMode", s.mode().id());
        j.put("primaryAddress", s.primaryAddress());
        j.put("secondaryAddress", s.secondaryId());
        j.put("manufacturer", s.manufacturer());
        j.put("manufacturerCode", s.manufacturerCode());
        j.put("version", s.version());
        j.put("medium", s.medium());
        j.put("enhancedReceiver", s.enhancedReceiver());
        j.put("enhancedMeter", s.enhancedMeter());
        j.put("busId", s.busId());
        j.put("baudRate", s.baud());
        j.put("active", s.active());
        j.put("multiTelegram", s.multiTelegram());
        j.put("maxTelegrams", s.maxTelegrams());
        j.put("responseTimeoutMs", s.responseTimeoutMs());
        j.put("retries", s.retries());
        j.put("pauseMs", s.pauseMs());
        j.put("listPosition", s.listPosition());
        j.put("lastStatus", m.status().lastStatus());
        j.put("lastStatusMessage", m.status().lastMessage());
        j.put("lastReadoutAt", m.status().lastReadoutAt());
        j.put("createdAt", m.createdAt());
        j.put("updatedAt", m.updatedAt());
        return j;
    }
}
