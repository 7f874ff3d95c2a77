package org.metergate.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.metergate.store.Cursor;
import org.metergate.store.Database;
import org.metergate.store.JdbcCursor;
import org.metergate.store.Jdbc;
import org.metergate.store.StoreException;

/** SQL for the system_log table. */
public final class SystemLogRepository {

    static final int MAX_MESSAGE = 4000;
    static final int MAX_SOURCE = 100;
    /** Bytes a row costs beyond its text (id, timestamp, level, index entries): used for the size cap. */
    static final int ROW_OVERHEAD = 64;

    private final Database db;

    public SystemLogRepository(Database db) {
        this.db = db;
    }

    public void insert(Instant at, LogLevel level, String source, String message) {
        String sql = "INSERT INTO system_log (created_at, level, source, message) VALUES (?, ?, ?, ?)";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.setInstant(ps, 1, at);
            ps.setInt(2, level.code());
            ps.setString(3, truncate(source, MAX_SOURCE));
            ps.setString(4, truncate(message, MAX_MESSAGE));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot write system log", e);
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    public LogPage find(LogQuery q) {
        Where where = where(q);
        try (Connection c = db.connection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM system_log" + where.sql)) {
                where.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<LogEntry> rows = new ArrayList<>();
            String sql = "SELECT id, created_at, level, source, message FROM system_log" + where.sql
                    + " ORDER BY id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = where.bind(ps);
                ps.setLong(i++, (long) q.page() * q.size());
                ps.setInt(i, q.size());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs));
                    }
                }
            }
            return new LogPage(rows, total, q.page(), q.size());
        } catch (SQLException e) {
            throw new StoreException("cannot read system log", e);
        }
    }

    /** Streams every matching row oldest first (for CSV export) without holding them in memory. */
    public void forEach(LogQuery q, Consumer<LogEntry> sink) {
        Where where = where(q);
        String sql = "SELECT id, created_at, level, source, message FROM system_log" + where.sql + " ORDER BY id";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            where.bind(ps);
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(row(rs));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read system log", e);
        }
    }

    /** A cursor over every matching row oldest first (log reports): rows are read as they are consumed. */
    public Cursor<LogEntry> open(LogQuery q) {
        Where where = where(q);
        String sql = "SELECT id, created_at, level, source, message FROM system_log" + where.sql + " ORDER BY id";
        return JdbcCursor.open(db, sql, where::bind, SystemLogRepository::row, "system log");
    }

    private static LogEntry row(ResultSet rs) throws SQLException {
        return new LogEntry(rs.getLong("id"), Jdbc.getInstant(rs, "created_at"),
                LogLevel.fromCode(rs.getInt("level")), rs.getString("source"), rs.getString("message"));
    }

    /** Deletes rows older than the cutoff; returns how many. */
    public int deleteOlderThan(Instant cutoff) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM system_log WHERE created_at < ?")) {
            Jdbc.setInstant(ps, 1, cutoff);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot apply log retention", e);
        }
    }

    /** Estimated bytes the log takes: its text plus a fixed overhead per row. */
    public long estimatedSize() {
        String sql = "SELECT COUNT(*), COALESCE(SUM(LENGTH(message) + LENGTH(source)), 0) FROM system_log";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1) * ROW_OVERHEAD + rs.getLong(2);
        } catch (SQLException e) {
            throw new StoreException("cannot measure system log", e);
        }
    }

    public long count() {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM system_log");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("cannot count system log", e);
        }
    }

    /** Deletes the oldest {@code rows} rows; returns how many went. */
    public int deleteOldest(long rows) {
        if (rows <= 0) {
            return 0;
        }
        try (Connection c = db.connection()) {
            long cutoff;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM system_log ORDER BY id OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY")) {
                ps.setLong(1, rows);
                try (ResultSet rs = ps.executeQuery()) {
                    cutoff = rs.next() ? rs.getLong(1) : Long.MAX_VALUE;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM system_log WHERE id < ?")) {
                ps.setLong(1, cutoff);
                return ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot apply log size cap", e);
        }
    }

    private record Where(String sql, List<Object> args) {
        int bind(PreparedStatement ps) throws SQLException {
            int i = 1;
            for (Object a : args) {
                if (a instanceof Instant t) {
                    Jdbc.setInstant(ps, i++, t);
                } else if (a instanceof Integer n) {
                    ps.setInt(i++, n);
                } else {
                    ps.setString(i++, (String) a);
                }
            }
            return i;
        }
    }

    private static Where where(LogQuery q) {
        StringBuilder sql = new StringBuilder();
        List<Object> args = new ArrayList<>();
        if (q.minLevel() != null) {
            clause(sql, "level >= ?");
            args.add(q.minLevel().code());
        }
        if (q.from() != null) {
            clause(sql, "created_at >= ?");
            args.add(q.from());
        }
        if (q.to() != null) {
            clause(sql, "created_at < ?");
            args.add(q.to());
        }
        if (q.text() != null) {
            clause(sql, "(LOWER(message) LIKE ? ESCAPE '\\' OR LOWER(source) LIKE ? ESCAPE '\\')");
            String pattern = "%" + q.text().toLowerCase(java.util.Locale.ROOT)
                    .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            args.add(pattern);
            args.add(pattern);
        }
        return new Where(sql.toString(), args);
    }

    private static void clause(StringBuilder sql, String c) {
        sql.append(sql.length() == 0 ? " WHERE " : " AND ").append(c);
    }
}
