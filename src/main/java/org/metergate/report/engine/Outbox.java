package org.metergate.report.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.metergate.report.ReportFile;
import org.metergate.report.ReportPeriod;
import org.metergate.report.ValueInterval;
import org.metergate.store.Database;
import org.metergate.store.Jdbc;
import org.metergate.store.StoreException;

/**
 * The durable outbox (table report_outbox): every report from creation to delivery, so a restart
 * resumes what was not delivered and nothing is delivered twice for the same report and period.
 * State changes are conditional updates ("… WHERE state IN …"), so a superseded entry can never
 * start another attempt.
 */
public final class Outbox {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, report_key, period_from, period_to, copy_no, template, value_interval, state,"
            + " attempts, next_attempt_at, last_error, file_path, file_name, media_type, event_data, created_at, delivered_at,"
            + " file_size";

    private final Database db;
    private final Clock clock;

    public Outbox(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** What a new entry is about. */
    public record NewEntry(String reportKey, ReportPeriod period, int copyNo, int template, ValueInterval interval,
                           Map<String, String> event) {
    }

    /**
     * Creates a PENDING entry and, in the same transaction, marks the report's older undelivered
     * entries (pending, retrying, failed) superseded when {@code supersede} is set: the new one
     * carries their values. Empty if an entry with the same key exists already (idempotency).
     */
    public Optional<OutboxEntry> create(NewEntry n, boolean supersede) {
        try {
            return db.inTransaction(c -> {
                if (exists(c, n)) {
                    return Optional.<OutboxEntry>empty();
                }
                if (supersede) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE report_outbox SET state = 'SUPERSEDED', next_attempt_at = NULL"
                            + " WHERE report_key = ? AND state IN (" + in(OutboxState.SUPERSEDABLE) + ")")) {
                        ps.setString(1, n.reportKey());
                        ps.executeUpdate();
                    }
                }
                long id;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO report_outbox (report_key, period_from, period_to,"
                        + " copy_no, template, value_interval, state, attempts, event_data, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                    ps.setString(1, n.reportKey());
                    Jdbc.setInstant(ps, 2, n.period().from());
                    Jdbc.setInstant(ps, 3, n.period().to());
                    ps.setInt(4, n.copyNo());
                    ps.setInt(5, n.template());
                    ps.setString(6, n.interval().name());
                    if (n.event() == null || n.event().isEmpty()) {
                        ps.setNull(7, Types.VARCHAR);
                    } else {
                        ps.setString(7, JSON.writeValueAsString(n.event()));
                    }
                    Jdbc.setInstant(ps, 8, clock.instant());
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                } catch (JsonProcessingException e) {
                    throw new SQLException("event data: " + e.getMessage(), e);
                }
                return Optional.of(find(c, id).orElseThrow());
            });
        } catch (SQLException e) {
            throw new StoreException("cannot create the outbox entry of report " + n.reportKey(), e);
        }
    }

    private static boolean exists(Connection c, NewEntry n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM report_outbox WHERE report_key = ? AND period_from = ?"
                + " AND period_to = ? AND copy_no = ?")) {
            ps.setString(1, n.reportKey());
            Jdbc.setInstant(ps, 2, n.period().from());
            Jdbc.setInstant(ps, 3, n.period().to());
            ps.setInt(4, n.copyNo());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The highest copy number of a report's period (for "send again"). */
    public int maxCopyNo(String reportKey, ReportPeriod period) {
        return queryInt("SELECT MAX(copy_no) FROM report_outbox WHERE report_key = ? AND period_from = ? AND period_to = ?",
                ps -> {
                    ps.setString(1, reportKey);
                    Jdbc.setInstant(ps, 2, period.from());
                    Jdbc.setInstant(ps, 3, period.to());
                });
    }

    public void setFile(long id, ReportFile file) {
        Long size = sizeOf(file.path()); // null when unknown: the listing shows no size rather than failing the report
        update("UPDATE report_outbox SET file_path = ?, file_name = ?, media_type = ?, file_size = ? WHERE id = ?", ps -> {
            ps.setString(1, file.path().toString());
            ps.setString(2, file.fileName());
            ps.setString(3, file.mediaType());
            if (size == null) {
                ps.setNull(4, Types.BIGINT);
            } else {
                ps.setLong(4, size);
            }
            ps.setLong(5, id);
        });
    }

    private static Long sizeOf(Path path) {
        try {
            return java.nio.file.Files.size(path);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** PENDING/RETRYING → SENDING with one more attempt; false if the entry is no longer to be sent. */
    public boolean startAttempt(long id) {
        return update("UPDATE report_outbox SET state = 'SENDING', attempts = attempts + 1, next_attempt_at = NULL"
                + " WHERE id = ? AND state IN ('PENDING', 'RETRYING')", ps -> ps.setLong(1, id)) == 1;
    }

    public void delivered(long id) {
        update("UPDATE report_outbox SET state = 'DELIVERED', delivered_at = ?, next_attempt_at = NULL, last_error = NULL"
                + " WHERE id = ?", ps -> {
                    Jdbc.setInstant(ps, 1, clock.instant());
                    ps.setLong(2, id);
                });
    }

    /** An attempt failed; another follows at {@code next}. */
    public void retrying(long id, String error, Instant next) {
        update("UPDATE report_outbox SET state = 'RETRYING', last_error = ?, next_attempt_at = ? WHERE id = ? AND state = 'SENDING'",
                ps -> {
                    ps.setString(1, truncate(error));
                    Jdbc.setInstant(ps, 2, next);
                    ps.setLong(3, id);
                });
    }

    /** Retries exhausted (or the report could not be rendered): the next report carries the values. */
    public void failed(long id, String error) {
        update("UPDATE report_outbox SET state = 'FAILED', last_error = ?, next_attempt_at = NULL"
                + " WHERE id = ? AND state IN (" + in(OutboxState.UNFINISHED) + ")", ps -> {
                    ps.setString(1, truncate(error));
                    ps.setLong(2, id);
                });
    }

    /** After a restart: unfinished entries go back to PENDING so they are sent again from the start. */
    public List<OutboxEntry> resumeUnfinished() {
        try {
            return db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE report_outbox SET state = 'PENDING', next_attempt_at = NULL"
                        + " WHERE state IN ('SENDING', 'RETRYING')")) {
                    ps.executeUpdate();
                }
                return list(c, "WHERE state = 'PENDING' ORDER BY id", ps -> { });
            });
        } catch (SQLException e) {
            throw new StoreException("cannot resume the report outbox", e);
        }
    }

    public Optional<OutboxEntry> find(long id) {
        try (Connection c = db.connection()) {
            return find(c, id);
        } catch (SQLException e) {
            throw new StoreException("cannot read outbox entry " + id, e);
        }
    }

    private static Optional<OutboxEntry> find(Connection c, long id) throws SQLException {
        return list(c, "WHERE id = ?", ps -> ps.setLong(1, id)).stream().findFirst();
    }

    /** A report's entries, newest first. */
    public List<OutboxEntry> ofReport(String reportKey, int limit) {
        try (Connection c = db.connection()) {
            List<OutboxEntry> all = list(c, "WHERE report_key = ? ORDER BY id DESC", ps -> {
                ps.setString(1, reportKey);
                ps.setMaxRows(limit);
            });
            return all;
        } catch (SQLException e) {
            throw new StoreException("cannot read the outbox of report " + reportKey, e);
        }
    }

    /** One page of {@link #files}: the entries and how many there are in all. */
    public record FilePage(List<OutboxEntry> entries, int total) {
    }

    /**
     * Report files, newest first (SPEC F10 "download reports"): every entry that was rendered, of all
     * reports, also those whose file clean-up has deleted since (their {@code file} is null).
     */
    public FilePage files(int page, int size) {
        try (Connection c = db.connection()) {
            int total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM report_outbox WHERE file_name IS NOT NULL");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getInt(1);
            }
            List<OutboxEntry> entries = list(c, "WHERE file_name IS NOT NULL ORDER BY id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                    ps -> {
                        ps.setLong(1, (long) page * size);
                        ps.setInt(2, size);
                    });
            return new FilePage(entries, total);
        } catch (SQLException e) {
            throw new StoreException("cannot list the report files", e);
        }
    }

    /** The end of the last delivered period of a report (the start of its next Auto period). */
    public Optional<Instant> lastDeliveredEnd(String reportKey) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT MAX(period_to) FROM report_outbox WHERE report_key = ? AND state = 'DELIVERED'")) {
            ps.setString(1, reportKey);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Optional.ofNullable(Jdbc.getInstant(rs, 1));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the outbox of report " + reportKey, e);
        }
    }

    /** True while an attempt of the report is running. */
    public boolean isSending(String reportKey) {
        return queryInt("SELECT COUNT(*) FROM report_outbox WHERE report_key = ? AND state = 'SENDING'",
                ps -> ps.setString(1, reportKey)) > 0;
    }

    /** Delivered or superseded entries created before {@code cutoff} whose file is still recorded. */
    public List<OutboxEntry> finishedWithFilesBefore(Instant cutoff) {
        try (Connection c = db.connection()) {
            return list(c, "WHERE state IN ('DELIVERED', 'SUPERSEDED') AND file_path IS NOT NULL AND created_at < ?",
                    ps -> Jdbc.setInstant(ps, 1, cutoff));
        } catch (SQLException e) {
            throw new StoreException("cannot read the report outbox", e);
        }
    }

    public void forgetFile(long id) {
        update("UPDATE report_outbox SET file_path = NULL WHERE id = ?", ps -> ps.setLong(1, id));
    }

    /** Every file path the outbox still refers to. */
    public List<Path> referencedFiles() {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT file_path FROM report_outbox WHERE file_path IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            List<Path> paths = new ArrayList<>();
            while (rs.next()) {
                paths.add(Path.of(rs.getString(1)));
            }
            return paths;
        } catch (SQLException e) {
            throw new StoreException("cannot read the report outbox", e);
        }
    }

    /**
     * Removes finished rows created before {@code cutoff}, keeping each report's newest delivered row
     * (it marks where the next Auto period starts).
     */
    public int prune(Instant cutoff) {
        return update("DELETE FROM report_outbox WHERE created_at < ? AND state IN ('DELIVERED', 'SUPERSEDED', 'FAILED')"
                + " AND id NOT IN (SELECT MAX(o.id) FROM report_outbox o WHERE o.state = 'DELIVERED' GROUP BY o.report_key)",
                ps -> Jdbc.setInstant(ps, 1, cutoff));
    }

    // ---- plumbing ---------------------------------------------------------------------------------

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private static List<OutboxEntry> list(Connection c, String where, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM report_outbox " + where)) {
            binder.bind(ps);
            List<OutboxEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        }
    }

    private static OutboxEntry read(ResultSet rs) throws SQLException {
        String path = rs.getString("file_path");
        ReportFile file = path == null ? null : new ReportFile(Path.of(path), rs.getString("file_name"), rs.getString("media_type"));
        String event = rs.getString("event_data");
        Map<String, String> eventMap;
        try {
            eventMap = event == null ? Map.of() : JSON.readValue(event, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new SQLException("event data of outbox entry " + rs.getLong("id") + ": " + e.getMessage(), e);
        }
        return new OutboxEntry(rs.getLong("id"), rs.getString("report_key"),
                new ReportPeriod(Jdbc.getInstant(rs, "period_from"), Jdbc.getInstant(rs, "period_to")),
                rs.getInt("copy_no"), rs.getInt("template"), ValueInterval.valueOf(rs.getString("value_interval")),
                OutboxState.valueOf(rs.getString("state")), rs.getInt("attempts"), Jdbc.getInstant(rs, "next_attempt_at"),
                rs.getString("last_error"), file, eventMap, Jdbc.getInstant(rs, "created_at"), Jdbc.getInstant(rs, "delivered_at"),
                rs.getString("file_name"), size(rs));
    }

    private static Long size(ResultSet rs) throws SQLException {
        long size = rs.getLong("file_size");
        return rs.wasNull() ? null : size;
    }

    private int update(String sql, Binder binder) {
        try {
            return db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    binder.bind(ps);
                    return ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw new StoreException("cannot update the report outbox", e);
        }
    }

    private int queryInt(String sql, Binder binder) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the report outbox", e);
        }
    }

    private static String in(java.util.Set<OutboxState> states) {
        return states.stream().map(s -> "'" + s.name() + "'").sorted().collect(Collectors.joining(", "));
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 997) + "...";
    }
}
