package org.metergate.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.metergate.admin.LogLevel;
import org.metergate.admin.LogPage;
import org.metergate.admin.LogQuery;
import org.metergate.admin.SystemLog;

/** GET /api/log (JSON, paged) and GET /api/log.csv (all matching rows, ';' separated) — SPEC E2. */
public final class LogApi extends ApiRouteBuilder {

    /** Report conventions (SPEC F12) default to ';' as field separator. */
    static final CSVFormat CSV = CSVFormat.DEFAULT.builder()
            .setDelimiter(';')
            .setRecordSeparator("\r\n")
            .setHeader("id", "timestamp", "level", "source", "message")
            .get();

    /** One log row as the API shows it. */
    public record LogRow(long id, java.time.Instant timestamp, String level, int levelCode, String source, String message) {}

    public LogApi(RequestAuthenticator auth, SystemLog systemLog) {
        super(auth, systemLog);
    }

    @Override
    protected void api() {
        rest("/api").description("System log")
                .get("/log").description("System log, newest first. Query: level (debug|info|warning|error or -1..2, minimum),"
                        + " from, to (ISO-8601), q (text search), page (0-based), size (1..1000, default 100)")
                    .produces("application/json").to("direct:api-log")
                .get("/log.csv").description("System log as CSV (same filters, all matching rows, oldest first)")
                    .produces("text/csv").to("direct:api-log-csv");

        operation("api-log", Access.VIEWER, r -> page(systemLog.find(query(r, r.queryInt("page", 0, 0, Integer.MAX_VALUE / 1000),
                r.queryInt("size", 100, 1, LogQuery.MAX_PAGE_SIZE)))));
        operation("api-log-csv", Access.VIEWER, r -> {
            LogQuery query = query(r, 0, 1);
            // Spooled to a file, not memory: a log may hold up to its size cap (100 MB by default).
            SpoolFile spool = SpoolFile.create("systemlog-", ".csv");
            try (java.io.Writer out = spool.writer(); CSVPrinter printer = new CSVPrinter(out, CSV)) {
                systemLog.forEach(query, e -> {
                    try {
                        printer.printRecord(e.id(), e.timestamp(), e.level().id(), e.source(), e.message());
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                });
            } catch (IOException | RuntimeException e) {
                spool.discard();
                throw e;
            }
            return new ApiResponse(200, "text/csv; charset=utf-8", spool.openAndUnlink(),
                    Map.of("Content-Disposition", "attachment; filename=\"systemlog.csv\""));
        });
    }

    private static LogQuery query(ApiRequest r, int page, int size) {
        LogLevel level;
        try {
            level = r.query("level").map(LogLevel::parse).orElse(null);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        try {
            return new LogQuery(level, r.queryInstant("from").orElse(null), r.queryInstant("to").orElse(null),
                    r.query("q").orElse(null), page, size);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static Map<String, Object> page(LogPage p) {
        List<LogRow> rows = p.entries().stream().map(e -> new LogRow(e.id(), e.timestamp(), e.level().id(),
                e.level().code(), e.source(), e.message())).toList();
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("total", p.total());
        body.put("page", p.page());
        body.put("size", p.size());
        body.put("entries", rows);
        return body;
    }
}
