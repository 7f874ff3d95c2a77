package org.metergate.keys;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.metergate.store.Database;
import org.metergate.store.Jdbc;
import org.metergate.store.StoreException;

/** The wmbus_key table (V4). Key material only ever passes through here sealed. */
final class KeyRepository {

    /** One row as stored. */
    record Row(long id, KeyCriteria criteria, Long meterId, String matchKey, String sealed, Instant createdAt,
            Instant updatedAt, Instant lastUsedAt) {}

    /** One key to write: criteria, bound meter (or null), match key and the sealed key. */
    record NewRow(KeyCriteria criteria, Long meterId, String matchKey, String sealed) {}

    private static final String COLUMNS =
            "id, address, manufacturer, device_type, version, meter_id, match_key, key_sealed, created_at, updated_at, last_used_at";

    private final Database db;

    KeyRepository(Database db) {
        this.db = db;
    }

    Database db() {
        return db;
    }

    List<Row> all() {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM wmbus_key ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            List<Row> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(row(rs));
            }
            return rows;
        } catch (SQLException e) {
            throw new StoreException("cannot read the stored keys", e);
        }
    }

    static long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM wmbus_key")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Long idOf(Connection c, String matchKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM wmbus_key WHERE match_key = ?")) {
            ps.setString(1, matchKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    static long insert(Connection c, NewRow r, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO wmbus_key (address, manufacturer, device_type, version,"
                + " meter_id, match_key, key_sealed, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, r.criteria().address());
            ps.setString(2, r.criteria().manufacturer());
            setInt(ps, 3, r.criteria().deviceType());
            setInt(ps, 4, r.criteria().version());
            if (r.meterId() == null) {
                ps.setNull(5, Types.BIGINT);
            } else {
                ps.setLong(5, r.meterId());
            }
            ps.setString(6, r.matchKey());
            ps.setString(7, r.sealed());
            Jdbc.setInstant(ps, 8, now);
            Jdbc.setInstant(ps, 9, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no id generated for the new key");
                }
                return keys.getLong(1);
            }
        }
    }

    /** Replaces the key (and, for a re-bound meter, the criteria) of an existing row. */
    static void update(Connection c, long id, NewRow r, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE wmbus_key SET address = ?, manufacturer = ?, device_type = ?,"
                + " version = ?, key_sealed = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, r.criteria().address());
            ps.setString(2, r.criteria().manufacturer());
            setInt(ps, 3, r.criteria().deviceType());
            setInt(ps, 4, r.criteria().version());
            ps.setString(5, r.sealed());
            Jdbc.setInstant(ps, 6, now);
            ps.setLong(7, id);
            ps.executeUpdate();
        }
    }

    static int deleteAll(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate("DELETE FROM wmbus_key");
        }
    }

    boolean delete(long id) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("DELETE FROM wmbus_key WHERE id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("cannot delete key " + id, e);
        }
    }

    /** Writes when keys were last used (batched: the matcher runs per telegram, the table is written per minute). */
    void setLastUsed(Map<Long, Instant> used) {
        if (used.isEmpty()) {
            return;
        }
        try {
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE wmbus_key SET last_used_at = ? WHERE id = ?")) {
                    for (var e : used.entrySet()) {
                        Jdbc.setInstant(ps, 1, e.getValue());
                        ps.setLong(2, e.getKey());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot record key use", e);
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        long meter = rs.getLong("meter_id");
        Long meterId = rs.wasNull() ? null : meter;
        return new Row(rs.getLong("id"), new KeyCriteria(rs.getString("address"), rs.getString("manufacturer"),
                integer(rs, "device_type"), integer(rs, "version")), meterId, rs.getString("match_key"),
                rs.getString("key_sealed"), Jdbc.getInstant(rs, "created_at"), Jdbc.getInstant(rs, "updated_at"),
                Jdbc.getInstant(rs, "last_used_at"));
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static void setInt(PreparedStatement ps, int index, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(index, Types.SMALLINT);
        } else {
            ps.setShort(index, v.shortValue());
        }
    }
}
