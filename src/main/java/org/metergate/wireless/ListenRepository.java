package org.metergate.wireless;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.metergate.jobs.JobState;
import org.metergate.store.Database;
import org.metergate.store.Jdbc;
import org.metergate.store.JobTable;
import org.metergate.store.StoreException;

/**
 * Tables listen_session, listen_meter and listen_receiver (V10__jobs.sql): each listen session, every
 * meter it heard (count, status, first/last heard) and, per meter, each receiver's RSSI and count.
 */
public final class ListenRepository {

    static final JobTable TABLE = new JobTable("listen_session", "started_at", "message");

    /** One session as stored. */
    public record Stored(long id, JobState state, String startedBy, Instant startedAt, Instant endsAt, Instant finishedAt,
            long telegrams, String message) {
    }

    private final Database db;

    public ListenRepository(Database db) {
        this.db = db;
    }

    Database db() {
        return db;
    }

    public void create(long id, String startedBy, Instant startedAt, Instant endsAt) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("INSERT INTO listen_session (id,"
                + " job_state, started_by, started_at, ends_at, telegrams) VALUES (?, 'RUNNING', ?, ?, ?, 0)")) {
            ps.setLong(1, id);
            ps.setString(2, startedBy);
            Jdbc.setInstant(ps, 3, startedAt);
            Jdbc.setInstant(ps, 4, endsAt);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot store listen session " + id, e);
        }
    }

    /**
     * The session's telegram count and the meters that changed (by their place in the order heard):
     * inserted when new, else updated; one transaction.
     */
    public void save(long id, int telegrams, Map<Integer, ListenSession.Found> changed) {
        try {
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE listen_session SET telegrams = ? WHERE id = ?")) {
                    ps.setLong(1, telegrams);
                    ps.setLong(2, id);
                    ps.executeUpdate();
                }
                for (Map.Entry<Integer, ListenSession.Found> x : changed.entrySet()) {
                    saveMeter(c, id, x.getKey(), x.getValue());
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot store what listen session " + id + " heard", e);
        }
    }

    private static void saveMeter(Connection c, long id, int seq, ListenSession.Found f) throws SQLException {
        String key = f.meterId().toString();
        int updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE listen_meter SET status = ?, error_message = ?, telegrams = ?,"
                + " installed_meter = ?, last_heard_at = ? WHERE session_id = ? AND meter_key = ?")) {
            ps.setString(1, f.status());
            ps.setString(2, truncate(f.error()));
            ps.setInt(3, f.telegrams());
            setLong(ps, 4, f.installedMeterId());
            Jdbc.setInstant(ps, 5, f.lastHeard());
            ps.setLong(6, id);
            ps.setString(7, key);
            updated = ps.executeUpdate();
        }
        if (updated == 0) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO listen_meter (session_id, meter_key, seq, secondary_id,"
                    + " manufacturer, version, device_type, status, error_message, telegrams, installed_meter, first_heard_at,"
                    + " last_heard_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, id);
                ps.setString(2, key);
                ps.setInt(3, seq);
                ps.setString(4, f.id());
                ps.setString(5, f.manufacturer());
                ps.setInt(6, f.version());
                ps.setInt(7, f.medium());
                ps.setString(8, f.status());
                ps.setString(9, truncate(f.error()));
                ps.setInt(10, f.telegrams());
                setLong(ps, 11, f.installedMeterId());
                Jdbc.setInstant(ps, 12, f.firstHeard());
                Jdbc.setInstant(ps, 13, f.lastHeard());
                ps.executeUpdate();
            }
        }
        for (ListenSession.Heard h : f.receivers()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE listen_receiver SET last_rssi = ?, best_rssi = ?,"
                    + " telegrams = ? WHERE session_id = ? AND meter_key = ? AND receiver_id = ?")) {
                setInt(ps, 1, h.lastRssi());
                setInt(ps, 2, h.bestRssi());
                ps.setInt(3, h.telegrams());
                ps.setLong(4, id);
                ps.setString(5, key);
                ps.setString(6, h.receiverId());
                if (ps.executeUpdate() > 0) {
                    continue;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO listen_receiver (session_id, meter_key, receiver_id,"
                    + " last_rssi, best_rssi, telegrams) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, id);
                ps.setString(2, key);
                ps.setString(3, h.receiverId());
                setInt(ps, 4, h.lastRssi());
                setInt(ps, 5, h.bestRssi());
                ps.setInt(6, h.telegrams());
                ps.executeUpdate();
            }
        }
    }

    public void finish(long id, JobState state, Instant at, String message) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE listen_session SET job_state = ?, finished_at = ?, message = ? WHERE id = ?")) {
            ps.setString(1, state.name());
            Jdbc.setInstant(ps, 2, at);
            ps.setString(3, message);
            ps.setLong(4, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot store the end of listen session " + id, e);
        }
    }

    public Optional<Stored> find(long id) {
        List<Stored> one = select(" WHERE id = ?", ps -> ps.setLong(1, id));
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    /** Newest first. */
    public List<Stored> list(int offset, int limit) {
        return select(" ORDER BY id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", ps -> {
            ps.setInt(1, offset);
            ps.setInt(2, limit);
        });
    }

    public long count() {
        return TABLE.count(db);
    }

    /** What the session heard, in the order heard; receivers strongest first. */
    public List<ListenSession.Found> meters(long id) {
        Map<String, List<ListenSession.Heard>> receivers = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        try (Connection c = db.connection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM listen_receiver WHERE session_id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        receivers.computeIfAbsent(rs.getString("meter_key"), k -> new ArrayList<>())
                                .add(new ListenSession.Heard(rs.getString("receiver_id"), intOrNull(rs, "last_rssi"),
                                        intOrNull(rs, "best_rssi"), rs.getInt("telegrams")));
                    }
                }
            }
            List<ListenSession.Found> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM listen_meter WHERE session_id = ? ORDER BY seq")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long installed = rs.getLong("installed_meter");
                        Long installedId = rs.wasNull() ? null : installed;
                        List<ListenSession.Heard> rx = new ArrayList<>(receivers.getOrDefault(rs.getString("meter_key"), List.of()));
                        rx.sort((a, b) -> org.metergate.receiver.Reception.strongestFirst(
                                new org.metergate.receiver.Reception(a.receiverId(), a.lastRssi()),
                                new org.metergate.receiver.Reception(b.receiverId(), b.lastRssi())));
                        out.add(new ListenSession.Found(rs.getString("secondary_id"), rs.getString("manufacturer"),
                                rs.getInt("version"), rs.getInt("device_type"), rs.getString("status"),
                                rs.getString("error_message"), rs.getInt("telegrams"), installedId, List.copyOf(rx),
                                Jdbc.getInstant(rs, "first_heard_at"), Jdbc.getInstant(rs, "last_heard_at")));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read what listen session " + id + " heard", e);
        }
    }

    private List<Stored> select(String where, Binder binder) {
        List<Stored> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT * FROM listen_session" + where)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Stored(rs.getLong("id"), JobState.valueOf(rs.getString("job_state")),
                            rs.getString("started_by"), Jdbc.getInstant(rs, "started_at"), Jdbc.getInstant(rs, "ends_at"),
                            Jdbc.getInstant(rs, "finished_at"), rs.getLong("telegrams"), rs.getString("message")));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read listen sessions", e);
        }
        return out;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    private static Integer intOrNull(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 999) + "…";
    }
}
