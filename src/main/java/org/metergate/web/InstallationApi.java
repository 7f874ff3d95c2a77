package org.metergate.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.metergate.admin.SystemLog;
import org.metergate.bus.BusOwner;
import org.metergate.jobs.BusAccess;
import org.metergate.jobs.InstallReadouts;
import org.metergate.jobs.JobState;
import org.metergate.jobs.ScanInstaller;
import org.metergate.jobs.ScanJobs;
import org.metergate.jobs.ScanPlan;
import org.metergate.meters.MeterSettings;

/**
 * Installation over REST (SPEC A7, C2): scans as jobs on a bus with progress and cancel, installing
 * what a scan found, and the progress of installation readouts.
 * <ul>
 * <li>{@code POST /api/scans} {bus, kind: primary|secondary, from?, to?, clearFirst?} — queue a scan on the bus; 202;
 * or the advanced scan {buses, modes, baud?, maxMeters?, autoInstall?, clearFirst?, from?, to?} ({@link ScanRequest})</li>
 * <li>{@code GET /api/scans?page=&size=} — the stored scans, newest first (also from before a restart)</li>
 * <li>{@code GET /api/scans/{id}} — state, probes, meters found, share done, estimate; the meters when finished</li>
 * <li>{@code DELETE /api/scans/{id}} — cancel (what was found so far is kept)</li>
 * <li>{@code POST /api/scans/{id}/install} {clearFirst?} — install the meters found; starts their installation readout</li>
 * <li>{@code GET /api/meters/install/status?job=} — an installation readout (the latest without job)</li>
 * <li>{@code GET /api/meters/install/jobs?page=&size=} — the stored installation readouts, newest first</li>
 * </ul>
 */
public final class InstallationApi extends ApiRouteBuilder {

    static final int MAX_PAGE = 100;
    private static final Set<String> INSTALL_FIELDS = Set.of("clearFirst", "baudRate");

    private final ScanJobs scans;
    private final InstallReadouts installs;
    private final BusAccess buses;
    private final ScanInstaller installer;

    public InstallationApi(RequestAuthenticator auth, SystemLog systemLog, ScanJobs scans, InstallReadouts installs,
                           BusAccess buses, ScanInstaller installer) {
        super(auth, systemLog);
        this.scans = scans;
        this.installs = installs;
        this.buses = buses;
        this.installer = installer;
    }

    @Override
    protected void api() {
        rest("/api").description("Installation: scans and installation readouts")
                .post("/scans").description("Scan a bus: {bus, kind: primary|secondary, from?, to? (primary range, default"
                        + " 0..250), clearFirst? (its install replaces the current list)}; or the advanced scan (SPEC A7):"
                        + " {buses: [...] scanned one after another, modes: [\"secondary\",\"primary\"] in fallback order,"
                        + " baud?, maxMeters? (stop once found), autoInstall? (default true: install when it ends), clearFirst?,"
                        + " from?, to?}, validated whole (400 lists every field in error); queued on the buses like a"
                        + " readout; 202 with the scan")
                    .consumes("application/json").produces("application/json").to("direct:api-scans-start")
                .get("/scans").description("The stored scans, newest first, without their meters (page 0-based, size"
                        + " 1.." + MAX_PAGE + ", default 20); kept across restarts, the retention rule metergate.jobs.*")
                    .produces("application/json").to("direct:api-scans-list")
                .get("/scans/{id}").description("A scan's progress: state, probes, found, done (0..1), estimate; the"
                        + " meters found once finished").produces("application/json").to("direct:api-scans-get")
                .delete("/scans/{id}").description("Cancel a scan; what it found so far is kept")
                    .produces("application/json").to("direct:api-scans-cancel")
                .post("/scans/{id}/install").description("Install the meters a finished or cancelled scan found:"
                        + " {clearFirst?: replace the current list (default: the scan's option), baudRate?: default the bus"
                        + " route's}; starts their installation readout")
                    .consumes("application/json").produces("application/json").to("direct:api-scans-install")
                .get("/meters/install/status").description("An installation readout job (query job=, default the latest):"
                        + " per meter ok/error/skipped with manufacturer, version, medium")
                    .produces("application/json").to("direct:api-install-status")
                .get("/meters/install/jobs").description("The stored installation readouts, newest first, without their"
                        + " meters (page 0-based, size 1.." + MAX_PAGE + ", default 20)")
                    .produces("application/json").to("direct:api-install-jobs");

        operation("api-scans-start", Access.ADMIN, this::startScan);
        operation("api-scans-get", Access.VIEWER, r -> scan(r).json());
        operation("api-scans-list", Access.VIEWER, r -> {
            int page = r.queryInt("page", 0, 0, Integer.MAX_VALUE / MAX_PAGE);
            int size = r.queryInt("size", 20, 1, MAX_PAGE);
            return page(page, size, scans.count(), "scans",
                    scans.list(page * size, size).stream().map(ScanJobs.Scan::summary).toList());
        });
        operation("api-install-jobs", Access.VIEWER, r -> {
            int page = r.queryInt("page", 0, 0, Integer.MAX_VALUE / MAX_PAGE);
            int size = r.queryInt("size", 20, 1, MAX_PAGE);
            return page(page, size, installs.count(), "jobs",
                    installs.list(page * size, size).stream().map(InstallReadouts.Job::summary).toList());
        });
        operation("api-scans-cancel", Access.ADMIN, r -> {
            ScanJobs.Scan scan = scan(r);
            scan.cancel();
            List<String> buses = scan.plan().buses();
            systemLog.info("scan", "Scan " + scan.id() + (buses.size() == 1 ? " on bus " + buses.get(0) : " of buses " + buses)
                    + " cancelled by " + r.user().username());
            return scan.json();
        });
        operation("api-scans-install", Access.ADMIN, this::install);
        operation("api-install-status", Access.VIEWER, r -> {
            InstallReadouts.Job job = r.query("job").isPresent()
                    ? installs.find(r.query("job").get()).orElseThrow(() -> ApiException.notFound("no installation job "
                            + r.query("job").get()))
                    : installs.latest().orElseThrow(() -> ApiException.notFound("no installation readout has run yet"));
            return job.json();
        });
    }

    private ApiResponse startScan(ApiRequest r) {
        JsonNode body = object(r, ScanRequest.FIELDS);
        if (ScanRequest.advanced(body)) {
            return startAdvanced(r, body);
        }
        for (String advancedOnly : List.of("baud", "maxMeters", "autoInstall")) {
            if (body.has(advancedOnly)) {
                throw ApiException.badRequest("field " + advancedOnly + " belongs to the advanced scan: give buses and modes"
                        + " (lists) instead of bus and kind");
            }
        }
        String bus = Fields.text(body, "bus");
        if (bus == null || bus.isBlank()) {
            throw ApiException.badRequest("field bus required: the id of a bus a route reads (e.g. demo)");
        }
        ScanJobs.Kind kind;
        try {
            kind = ScanJobs.Kind.parse(Fields.text(body, "kind"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("field " + e.getMessage());
        }
        Integer from = Fields.integer(body, "from", 0, 250);
        Integer to = Fields.integer(body, "to", 0, 250);
        if (kind == ScanJobs.Kind.SECONDARY && (from != null || to != null)) {
            throw ApiException.badRequest("fields from and to apply to primary scans only");
        }
        int lo = from == null ? 0 : from;
        int hi = to == null ? 250 : to;
        if (lo > hi) {
            throw ApiException.badRequest("field from must not be greater than field to");
        }
        BusOwner owner = buses.owner(bus).orElseThrow(() -> new ApiException(409, "no route reads bus '" + bus + "'",
                "add an mbus:" + bus + " route under routes/ (see README)"));
        ScanJobs.Scan scan = scans.start(owner, kind, lo, hi, r.user().username(), Fields.bool(body, "clearFirst", false));
        systemLog.info("scan", kind.name().toLowerCase(java.util.Locale.ROOT) + " scan " + scan.id() + " of bus " + bus
                + " started by " + r.user().username());
        return ApiResponse.json(202, scan.json()).withHeader("Location", "/api/scans/" + scan.id());
    }

    private ApiResponse startAdvanced(ApiRequest r, JsonNode body) {
        ScanPlan plan = ScanRequest.advancedPlan(body, buses);
        Map<String, BusOwner> owners = new LinkedHashMap<>();
        for (String bus : plan.buses()) {
            owners.put(bus, buses.owner(bus).orElseThrow(() -> new ApiException(409, "no route reads bus '" + bus + "'")));
        }
        ScanJobs.Scan scan = scans.start(owners, plan, r.user().username());
        systemLog.info("scan", "Scan " + scan.id() + " of buses " + plan.buses() + " (" + String.join(" then ",
                plan.modes().stream().map(m -> m.name().toLowerCase(java.util.Locale.ROOT)).toList()) + ")"
                + (plan.maxMeters() == null ? "" : ", at most " + plan.maxMeters() + " meters")
                + (plan.autoInstall() ? ", installed when it ends" : "") + (plan.clearFirst() ? ", replacing the meter list" : "")
                + " started by " + r.user().username());
        return ApiResponse.json(202, scan.json()).withHeader("Location", "/api/scans/" + scan.id());
    }

    private Map<String, Object> install(ApiRequest r) {
        ScanJobs.Scan scan = scan(r);
        // the body is optional here: no body means the scan's options
        String text = r.exchange().getIn().getBody(String.class);
        r.exchange().getIn().setBody(text); // the request stream is read once; keep its text for the parser
        JsonNode body = text == null || text.isBlank() ? Json.MAPPER.createObjectNode() : object(r, INSTALL_FIELDS);
        boolean clear = Fields.bool(body, "clearFirst", scan.clearFirst());
        Integer baudField = Fields.integer(body, "baudRate", 300, 9600);
        if (baudField != null && !MeterSettings.BAUD_RATES.contains(baudField)) {
            throw ApiException.badRequest("field baudRate must be " + MeterSettings.BAUD_RATES_TEXT);
        }
        if (!scan.state().finished() || scan.state() == JobState.FAILED) {
            throw new ApiException(409, "scan " + scan.id() + " is " + scan.state() + ": install after it has finished"
                    + " or was cancelled");
        }
        ScanInstaller.Result result;
        try {
            result = installer.install(scan, clear, baudField, r.user().username(), false);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("a meter the scan found cannot be installed: " + e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("found", result.found());
        out.put("installed", result.installed());
        out.put("alreadyInstalled", result.alreadyInstalled());
        out.put("active", result.active());
        out.put("passive", result.passive());
        out.put("removed", result.removed());
        out.put("installJob", result.installJob());
        return out;
    }

    static Map<String, Object> page(int page, int size, long total, String name, List<?> items) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", total);
        body.put("page", page);
        body.put("size", size);
        body.put(name, items);
        return body;
    }

    private ScanJobs.Scan scan(ApiRequest r) {
        String id = r.path("id");
        return scans.find(id).orElseThrow(() -> ApiException.notFound("no scan " + id));
    }

    private static JsonNode object(ApiRequest r, Set<String> fields) {
        JsonNode body = r.body(JsonNode.class);
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("request body must be a JSON object");
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!fields.contains(f)) {
                throw ApiException.badRequest("unknown field '" + f + "' in request body");
            }
        });
        return body;
    }
}
