package org.metergate.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.metergate.store.Database;
import org.metergate.store.Jdbc;
import org.metergate.store.JobTable;
import org.metergate.store.StoreException;

/**
 * Tables scan_job, scan_found and scan_conflict (V10__jobs.sql): every scan with its progress counters
 * (written throttled by {@link ScanJobs}), each meter as it is found, the conflicts when it ends.
 */
public final class ScanRepository {

    static final JobTable TABLE = new JobTable("scan_job", "created_at", "error_message");

    /** One scan as stored. {@code from}/{@code to}: the primary range, null for secondary scans. */
    public record Stored(long id, String busId, ScanJobs.Kind kind, Integer from, Integer to, boolean clearFirst,
            JobState state, String startedBy, Instant created, Instant started, Instant finished, long probes, int found,
            double done, String at, Long elapsedMs, String error, String installJob, ScanPlan plan) {

        /** A simple scan (one bus, one mode): its plan is in bus_id, kind, range and clear_first. */
        public Stored(long id, String busId, ScanJobs.Kind kind, Integer from, Integer to, boolean clearFirst,
                JobState state, String startedBy, Instant created, Instant started, Instant finished, long probes, int found,
                double done, String at, Long elapsedMs, String error, String installJob) {
            this(id, busId, kind, from, to, clearFirst, state, startedBy, created, started, finished, probes, found, done, at,
                    elapsedMs, error, installJob, null);
        }

        /** What the scan searches: the advanced plan, or the simple one its columns describe. */
        public ScanPlan effectivePlan() {
            return plan != null ? plan : ScanPlan.simple(busId, kind, from == null ? 0 : from, to == null ? 250 : to,
                    clearFirst);
        }
    }

    private final Database db;

    public ScanRepository(Database db) {
        this.db = db;
    }

    public Database db() {
        return db;
    }

    public void create(Stored s) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("INSERT INTO scan_job (id, bus_id,"
                + " kind, range_from, range_to, clear_first, job_state, started_by, created_at, probes, found_count,"
                + " done_share, buses, modes, baud, max_meters, auto_install) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0,"
                + " ?, ?, ?, ?, ?)")) {
            ps.setLong(1, s.id());
            ps.setString(2, s.busId());
            ps.setString(3, s.kind().name().toLowerCase(Locale.ROOT));
            setInt(ps, 4, s.from());
            setInt(ps, 5, s.to());
            ps.setInt(6, s.clearFirst() ? 1 : 0);
            ps.setString(7, s.state().name());
            ps.setString(8, s.startedBy());
            Jdbc.setInstant(ps, 9, s.created());
            ScanPlan plan = s.plan() != null && s.plan().advanced() ? s.plan() : null;
            ps.setString(10, plan == null ? null : truncate(plan.busesText(), 400));
            ps.setString(11, plan == null ? null : plan.modesText());
            setInt(ps, 12, plan == null ? null : plan.baud());
            setInt(ps, 13, plan == null ? null : plan.maxMeters());
            setInt(ps, 14, plan == null ? null : plan.autoInstall() ? 1 : 0);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot store scan " + s.id(), e);
        }
    }

    public void started(long id, Instant at) {
        update("UPDATE scan_job SET job_state = 'RUNNING', started_at = ? WHERE id = ?", id, ps -> {
            Jdbc.setInstant(ps, 1, at);
            ps.setLong(2, id);
        });
    }

    /** The counters of a running scan (called throttled, not per probe). */
    public void progress(long id, long probes, int found, double done, String at) {
        update("UPDATE scan_job SET probes = ?, found_count = ?, done_share = ?, at_address = ? WHERE id = ?", id, ps -> {
            ps.setLong(1, probes);
            ps.setInt(2, found);
            ps.setDouble(3, done);
            ps.setString(4, truncate(at, 40));
            ps.setLong(5, id);
        });
    }

    /** A meter the scan just found; {@code seq} numbers them in the order found. */
    public void found(long scanId, int seq, ScannedMeter m, Instant at) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("INSERT INTO scan_found (scan_id, seq,"
                + " address, has_header, secondary_id, manufacturer, version, medium, medium_name, status_byte, found_at,"
                + " bus_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, scanId);
            ps.setInt(2, seq);
            ps.setString(3, m.address());
            ps.setInt(4, m.hasHeader() ? 1 : 0);
            ps.setString(5, m.id());
            ps.setString(6, m.manufacturer());
            setInt(ps, 7, m.version());
            setInt(ps, 8, m.medium());
            ps.setString(9, truncate(m.mediumName(), 60));
            setInt(ps, 10, m.status());
            Jdbc.setInstant(ps, 11, at);
            ps.setString(12, m.bus() == null ? "" : m.bus());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot store meter " + m.address() + " found by scan " + scanId, e);
        }
    }

    /** The end of a scan: state, final counters, error and conflicts, in one transaction. */
    public void finish(long id, JobState state, Instant at, long probes, int found, double done, Long elapsedMs, String error,
            List<String> conflicts) {
        try {
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE scan_job SET job_state = ?, finished_at = ?,"
                        + " probes = ?, found_count = ?, done_share = ?, elapsed_ms = ?, error_message = ? WHERE id = ?")) {
                    ps.setString(1, state.name());
                    Jdbc.setInstant(ps, 2, at);
                    ps.setLong(3, probes);
                    ps.setInt(4, found);
                    ps.setDouble(5, done);
                    if (elapsedMs == null) {
                        ps.setNull(6, Types.BIGINT);
                    } else {
                        ps.setLong(6, elapsedMs);
                    }
                    ps.setString(7, truncate(error, 1000));
                    ps.setLong(8, id);
                    ps.executeUpdate();
                }
                try (PreparedStatement del = c.prepareStatement("DELETE FROM scan_conflict WHERE scan_id = ?")) {
                    del.setLong(1, id);
                    del.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO scan_conflict (scan_id, seq, message) VALUES (?, ?, ?)")) {
                    for (int i = 0; i < conflicts.size(); i++) {
                        ps.setLong(1, id);
                        ps.setInt(2, i);
                        ps.setString(3, truncate(conflicts.get(i), 1000));
                        ps.addBatch();
                    }
                    if (!conflicts.isEmpty()) {
                        ps.executeBatch();
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot store the end of scan " + id, e);
        }
    }

    public void installedAs(long id, String installJob) {
        update("UPDATE scan_job SET install_job = ? WHERE id = ?", id, ps -> {
            ps.setString(1, installJob);
            ps.setLong(2, id);
        });
    }

    public Optional<Stored> find(long id) {
        List<Stored> one = select(" WHERE j.id = ?", ps -> ps.setLong(1, id));
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    /** Newest first. */
    public List<Stored> list(int offset, int limit) {
        return select(" ORDER BY j.id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", ps -> {
            ps.setInt(1, offset);
            ps.setInt(2, limit);
        });
    }

    public long count() {
        return TABLE.count(db);
    }

    /** The meters a scan found, in the order found. */
    public List<ScannedMeter> foundMeters(long scanId) {
        List<ScannedMeter> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM scan_found WHERE scan_id = ? ORDER BY seq")) {
            ps.setLong(1, scanId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ScannedMeter(rs.getString("address"), rs.getInt("has_header") == 1, rs.getString("secondary_id"),
                            rs.getString("manufacturer"), intOrNull(rs, "version"), intOrNull(rs, "medium"),
                            rs.getString("medium_name"), intOrNull(rs, "status_byte"),
                            rs.getString("bus_id").isEmpty() ? null : rs.getString("bus_id")));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the meters scan " + scanId + " found", e);
        }
        return out;
    }

    public List<String> conflicts(long scanId) {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT message FROM scan_conflict WHERE scan_id = ? ORDER BY seq")) {
            ps.setLong(1, scanId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the conflicts of scan " + scanId, e);
        }
        return out;
    }

    private List<Stored> select(String where, Binder binder) {
        List<Stored> out = new ArrayList<>();
        // found_count is the last (throttled) counter; the rows tell how many were found before a crash
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT j.*, (SELECT COUNT(*) FROM"
                + " scan_found f WHERE f.scan_id = j.id) AS found_rows FROM scan_job j" + where)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long elapsed = rs.getLong("elapsed_ms");
                    Long elapsedMs = rs.wasNull() ? null : elapsed;
                    out.add(new Stored(rs.getLong("id"), rs.getString("bus_id"), ScanJobs.Kind.parse(rs.getString("kind")),
                            intOrNull(rs, "range_from"), intOrNull(rs, "range_to"), rs.getInt("clear_first") == 1,
                            JobState.valueOf(rs.getString("job_state")), rs.getString("started_by"),
                            Jdbc.getInstant(rs, "created_at"), Jdbc.getInstant(rs, "started_at"),
                            Jdbc.getInstant(rs, "finished_at"), rs.getLong("probes"), Math.max(rs.getInt("found_count"), rs.getInt("found_rows")),
                            rs.getDouble("done_share"), rs.getString("at_address"), elapsedMs, rs.getString("error_message"),
                            rs.getString("install_job"), plan(rs)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read scans", e);
        }
        return out;
    }

    /** The advanced plan of a row, or null for a simple scan. */
    private static ScanPlan plan(ResultSet rs) throws SQLException {
        String modes = rs.getString("modes");
        if (modes == null) {
            return null;
        }
        Integer from = intOrNull(rs, "range_from");
        Integer to = intOrNull(rs, "range_to");
        Integer auto = intOrNull(rs, "auto_install");
        return new ScanPlan(List.of(rs.getString("buses").split(",")), ScanPlan.parseModes(modes), from == null ? 0 : from,
                to == null ? 250 : to, intOrNull(rs, "baud"), intOrNull(rs, "max_meters"), auto != null && auto == 1,
                rs.getInt("clear_first") == 1);
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void update(String sql, long id, Binder binder) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot update scan " + id, e);
        }
    }

    static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }

    static Integer intOrNull(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
