package org.metergate.web;

import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.metergate.admin.SystemLog;
import org.metergate.report.ReportException;
import org.metergate.report.ReportFile;
import org.metergate.report.engine.Outbox;
import org.metergate.report.engine.OutboxEntry;
import org.metergate.report.engine.ReportChange;
import org.metergate.report.engine.ReportDefinition;
import org.metergate.report.engine.ReportEngine;
import org.metergate.report.engine.ReportKind;
import org.metergate.report.engine.ReportSettingsException;
import org.metergate.report.engine.RetryPolicy;

/**
 * Push reports over REST (SPEC F4-F10):
 * <ul>
 * <li>{@code GET/PUT /api/reports} — all reports (1..n and the event reports); PUT {"reports":[{"report":"2",…}]}
 * changes several at once, all or nothing</li>
 * <li>{@code GET/PUT /api/reports/{n}} — one report; PUT changes only the fields sent</li>
 * <li>{@code GET /api/reports/{n}/deliveries} — its outbox entries; {@code POST …/deliveries/{id}/resend} sends one again</li>
 * <li>{@code POST /api/reports/{n}/test} — "Save &amp; send test report" (F10): the body, if any, is a change as for PUT,
 * saved first (all or nothing; nothing is sent when it is invalid), then the current period is rendered and sent now</li>
 * <li>{@code GET /api/reports/files} — past report files of all reports, newest first, paged (F10 "download reports");
 * {@code GET /api/reports/files/{id}} — one of them, 404 once clean-up has deleted it</li>
 * <li>{@code GET /api/reports/{n}/download} — render the current period and download it (F10)</li>
 * <li>{@code POST /api/reports/ondemand} — the on-demand report: read first, then send (F9)</li>
 * </ul>
 * Validation errors are 400 with {@code detail: [{field, reason}]}, fields named as sent ({@code schedule},
 * {@code reports[1].template}).
 */
public final class ReportsApi extends ApiRouteBuilder {

    /** The body of PUT /api/reports/{n}: only the fields sent change. */
    public record ReportBody(Boolean enabled, Integer template, String schedule, String period, String interval,
                             Map<String, String> recipients, Boolean allMeters, Boolean adaptiveRetries, Integer retries,
                             Integer retrySeconds) {
        ReportChange change(String key) {
            return new ReportChange(key, enabled, template, schedule, period, interval, recipients, allMeters, adaptiveRetries,
                    retries, retrySeconds);
        }
    }

    /** One element of PUT /api/reports. */
    public record KeyedReportBody(String report, Boolean enabled, Integer template, String schedule, String period,
                                  String interval, Map<String, String> recipients, Boolean allMeters, Boolean adaptiveRetries,
                                  Integer retries, Integer retrySeconds) {
        ReportChange change() {
            return new ReportChange(report, enabled, template, schedule, period, interval, recipients, allMeters, adaptiveRetries,
                    retries, retrySeconds);
        }
    }

    public record AllBody(List<KeyedReportBody> reports) {}

    private final ReportEngine engine;

    public ReportsApi(RequestAuthenticator auth, SystemLog systemLog, ReportEngine engine) {
        super(auth, systemLog);
        this.engine = engine;
    }

    @Override
    protected void api() {
        rest("/api").description("Push reports")
                .get("/reports").description("All reports: scheduled 1..n and the event reports (startup, installation, ondemand)")
                    .produces("application/json").to("direct:api-reports-list")
                .put("/reports").description("Change several reports at once: {\"reports\":[{\"report\":\"1\",...}]}; all or nothing")
                    .consumes("application/json").produces("application/json").to("direct:api-reports-update-all")
                .post("/reports/ondemand").description("The on-demand report: runs the readout, waits for it, then sends (202)")
                    .produces("application/json").to("direct:api-reports-ondemand")
                .get("/reports/files").description("Past report files of every report, newest first (SPEC F10 'download reports'):"
                        + " report, period, file name, size, state, created, delivered, whether the file is still kept."
                        + " Query: page (0-based), size (1..1000, default 100)")
                    .produces("application/json").to("direct:api-reports-files")
                .get("/reports/files/{id}").description("Download a past report file (admin); 404 once clean-up deleted it")
                    .to("direct:api-reports-file")
                .get("/reports/{n}").description("One report's settings, next run and retry rule")
                    .produces("application/json").to("direct:api-reports-get")
                .put("/reports/{n}").description("Change one report (only the fields sent); applied at once")
                    .consumes("application/json").produces("application/json").to("direct:api-reports-update")
                .get("/reports/{n}/deliveries").description("The report's outbox: period, state, attempts, next attempt,"
                        + " last error; newest first. Query: limit (1..1000, default 100)")
                    .produces("application/json").to("direct:api-reports-deliveries")
                .post("/reports/{n}/deliveries/{id}/resend").description("Send a delivered (or failed) report again, as a new copy")
                    .produces("application/json").to("direct:api-reports-resend")
                .post("/reports/{n}/test").description("Save and send test report: the body (optional) changes the report as PUT does"
                        + " and is saved first, all or nothing; then the current period is rendered and sent now; 502 if not delivered")
                    .consumes("application/json").produces("application/json").to("direct:api-reports-test")
                .get("/reports/{n}/download").description("Render the report's current period and download the file")
                    .to("direct:api-reports-download");

        operation("api-reports-list", Access.VIEWER, r -> {
            List<Object> all = new ArrayList<>();
            for (ReportDefinition d : engine.definitions()) {
                all.add(view(d));
            }
            return Map.of("reports", all);
        });
        operation("api-reports-update-all", Access.ADMIN, r -> {
            AllBody body = r.body(AllBody.class);
            if (body.reports() == null || body.reports().isEmpty()) {
                throw ApiException.badRequest("reports: a non-empty list of report changes is required");
            }
            List<ReportChange> changes = new ArrayList<>();
            List<String> prefixes = new ArrayList<>();
            for (int i = 0; i < body.reports().size(); i++) {
                KeyedReportBody k = body.reports().get(i);
                if (k == null) {
                    throw new ApiException(400, "reports[" + i + "]: a report change is required",
                            List.of(Map.of("field", "reports[" + i + "]", "reason", "null")));
                }
                changes.add(k.change());
                prefixes.add("reports[" + i + "].");
            }
            List<ReportDefinition> changed = update(changes, prefixes);
            systemLog.info("settings", "Reports " + changed.stream().map(ReportDefinition::key).toList() + " changed by "
                    + r.user().username());
            List<Object> all = new ArrayList<>();
            engine.definitions().forEach(d -> all.add(view(d)));
            return Map.of("reports", all);
        });
        operation("api-reports-get", Access.VIEWER, r -> view(definition(r)));
        operation("api-reports-update", Access.ADMIN, r -> {
            ReportDefinition d = definition(r);
            ReportBody body = r.body(ReportBody.class);
            update(List.of(body.change(d.key())), List.of(""));
            systemLog.info("settings", "Report " + d.key() + " changed by " + r.user().username());
            return view(engine.definition(d.key()));
        });
        operation("api-reports-deliveries", Access.VIEWER, r -> {
            ReportDefinition d = definition(r);
            int limit = r.queryInt("limit", 100, 1, 1000);
            List<Object> out = new ArrayList<>();
            for (OutboxEntry e : engine.outbox().ofReport(d.key(), limit)) {
                out.add(delivery(e));
            }
            return Map.of("report", d.key(), "deliveries", out);
        });
        operation("api-reports-resend", Access.ADMIN, r -> {
            ReportDefinition d = definition(r);
            long id;
            try {
                id = Long.parseLong(r.path("id"));
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("delivery id must be a number");
            }
            try {
                OutboxEntry copy = engine.resend(d.key(), id);
                systemLog.info("report", "Report " + d.key() + " delivery " + id + " sent again (" + copy.id() + ") by "
                        + r.user().username());
                return ApiResponse.json(202, delivery(copy));
            } catch (NoSuchElementException e) {
                throw ApiException.notFound(e.getMessage());
            }
        });
        operation("api-reports-test", Access.ADMIN, r -> {
            ReportDefinition d = definition(r);
            boolean saved = false;
            if (r.hasBody()) {
                // "Save & send test report": an invalid change is refused whole and nothing is sent
                update(List.of(r.body(ReportBody.class).change(d.key())), List.of(""));
                systemLog.info("settings", "Report " + d.key() + " changed by " + r.user().username() + " (save & send test report)");
                saved = true;
            }
            try {
                ReportEngine.TestResult t = engine.sendTest(d.key());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("saved", saved);
                m.put("delivered", true);
                m.put("destination", t.destination());
                m.put("fileName", t.fileName());
                m.put("bytes", t.bytes());
                return m;
            } catch (ReportException e) {
                throw new ApiException(502, e.getMessage(), saved ? Map.of("saved", true) : null);
            }
        });
        operation("api-reports-files", Access.VIEWER, r -> {
            int page = r.queryInt("page", 0, 0, 1_000_000);
            int size = r.queryInt("size", 100, 1, 1000);
            Outbox.FilePage files = engine.outbox().files(page, size);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("total", files.total());
            m.put("page", page);
            m.put("size", size);
            m.put("keepDays", engine.settings().keepFiles().toDays());
            m.put("files", files.entries().stream().map(ReportsApi::file).toList());
            return m;
        });
        operation("api-reports-file", Access.ADMIN, r -> {
            long id;
            try {
                id = Long.parseLong(r.path("id"));
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("report file id must be a number, got '" + r.path("id") + "'");
            }
            OutboxEntry e = engine.outbox().find(id).filter(x -> x.fileName() != null)
                    .orElseThrow(() -> ApiException.notFound("no report file " + id + " (GET /api/reports/files lists them)"));
            InputStream in;
            try {
                in = e.file() == null ? null : Files.newInputStream(e.file().path());
            } catch (java.nio.file.NoSuchFileException gone) {
                in = null;
            }
            if (in == null) {
                throw ApiException.notFound("report file " + e.fileName() + " (report " + e.reportKey() + ") was cleaned up: files are kept "
                        + engine.settings().keepFiles().toDays() + " days after delivery (metergate.report.keep-days); POST /api/reports/"
                        + e.reportKey() + "/deliveries/" + e.id() + "/resend renders and sends it again");
            }
            return new ApiResponse(200, e.file().mediaType(), in,
                    Map.of("Content-Disposition", "attachment; filename=\"" + e.fileName().replace("\"", "") + "\""));
        });
        operation("api-reports-download", Access.VIEWER, r -> {
            ReportDefinition d = definition(r);
            ReportFile file;
            try {
                file = engine.download(d.key());
            } catch (ReportException e) {
                throw new ApiException(500, "cannot render report " + d.key() + ": " + e.getMessage());
            }
            // unlinked once open: the file goes with the stream whatever happens to the request
            InputStream in = Files.newInputStream(file.path());
            Files.delete(file.path());
            return new ApiResponse(200, file.mediaType(), in,
                    Map.of("Content-Disposition", "attachment; filename=\"" + file.fileName().replace("\"", "") + "\""));
        });
        operation("api-reports-ondemand", Access.ADMIN, r -> {
            if (!engine.definition(ReportKind.ONDEMAND.eventKey()).enabled()) {
                throw new ApiException(409, "the on-demand report is switched off", "enable it with PUT /api/reports/ondemand");
            }
            try {
                engine.onDemand();
            } catch (IllegalStateException e) {
                throw new ApiException(409, e.getMessage());
            }
            systemLog.info("report", "On-demand report started by " + r.user().username());
            return ApiResponse.json(202, Map.of("started", true,
                    "deliveries", "/api/reports/" + ReportKind.ONDEMAND.eventKey() + "/deliveries"));
        });
    }

    private List<ReportDefinition> update(List<ReportChange> changes, List<String> prefixes) {
        try {
            return engine.update(changes, prefixes);
        } catch (ReportSettingsException e) {
            throw new ApiException(400, e.getMessage(), e.errors());
        }
    }

    private ReportDefinition definition(ApiRequest r) {
        try {
            return engine.definition(r.path("n"));
        } catch (NoSuchElementException e) {
            throw ApiException.notFound(e.getMessage());
        }
    }

    private Map<String, Object> view(ReportDefinition d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("report", d.key());
        m.put("kind", d.kind().name().toLowerCase(java.util.Locale.ROOT));
        m.put("route", ReportEngine.routeId(d.key()));
        m.put("enabled", d.enabled());
        m.put("template", d.template());
        m.put("protocol", d.protocol().name());
        if (d.kind() == ReportKind.SCHEDULED) {
            var s = d.parsedSchedule(engine.settings().zone());
            m.put("schedule", d.schedule());
            m.put("resolved", s.schedule().resolvedExpression());
            m.put("synchronised", s.synchronised());
            m.put("runsAfter", engine.runsAfter(d.key()).orElse(null));
            m.put("nextRun", engine.nextRun(d.key()).map(t -> t.toOffsetDateTime().toString()).orElse(null));
            m.put("period", d.period());
        }
        m.put("interval", d.interval().name());
        m.put("recipients", d.recipients());
        m.put("allMeters", d.allMeters());
        m.put("adaptiveRetries", d.adaptiveRetries());
        m.put("retries", d.retries());
        m.put("retrySeconds", d.retrySeconds());
        RetryPolicy p = engine.retryPolicy(d.key());
        m.put("retryRule", Map.of("maxRetries", p.maxRetries(), "secondsBetween", p.between().toSeconds()));
        return m;
    }

    private static Map<String, Object> delivery(OutboxEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("from", e.period().from().toString());
        m.put("to", e.period().to().toString());
        m.put("copy", e.copyNo());
        m.put("template", e.template());
        m.put("state", e.state().name());
        m.put("attempts", e.attempts());
        m.put("nextAttempt", e.nextAttemptAt() == null ? null : e.nextAttemptAt().toString());
        m.put("lastError", e.lastError());
        m.put("fileName", e.fileName());
        m.put("created", e.createdAt().toString());
        m.put("delivered", e.deliveredAt() == null ? null : e.deliveredAt().toString());
        return m;
    }

    /** A row of GET /api/reports/files. */
    private static Map<String, Object> file(OutboxEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("report", e.reportKey());
        m.put("from", e.period().from().toString());
        m.put("to", e.period().to().toString());
        m.put("copy", e.copyNo());
        m.put("template", e.template());
        m.put("fileName", e.fileName());
        m.put("size", e.fileSize());
        m.put("state", e.state().name());
        m.put("created", e.createdAt().toString());
        m.put("delivered", e.deliveredAt() == null ? null : e.deliveredAt().toString());
        m.put("available", e.hasFile());
        m.put("download", e.hasFile() ? "/api/reports/files/" + e.id() : null);
        return m;
    }
}
