package org.metergate.wireless;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.metergate.receiver.Reception;
import org.metergate.store.Database;
import org.metergate.store.Jdbc;
import org.metergate.store.StoreException;

/** Table wireless_reception: per installed wireless meter and receiver, how often and how strongly it was heard. */
public final class ReceptionRepository {

    /** One row: the receiver, its last and best RSSI (dBm, null when unknown), count, first and last time heard. */
    public record Row(long meterId, String receiverId, Integer lastRssi, Integer bestRssi, long count, Instant firstHeard,
            Instant lastHeard) {
    }

    private final Database db;

    public ReceptionRepository(Database db) {
        this.db = db;
    }

    /**
     * Records that these receivers heard the meter at {@code at} (one transaction).
     *
     * @return false when the meter no longer exists (deleted since the caller looked it up); nothing is recorded
     */
    public boolean record(long meterId, List<Reception> receptions, Instant at) {
        try {
            db.inTransaction(c -> {
                for (Reception r : receptions) {
                    upsert(c, meterId, r, at);
                }
                return null;
            });
            return true;
        } catch (SQLException e) {
            if (Jdbc.isMissingReference(e)) {
                return false;
            }
            throw new StoreException("cannot record the receptions of meter " + meterId, e);
        }
    }

    private static void upsert(Connection c, long meterId, Reception r, Instant at) throws SQLException {
        if (update(c, meterId, r, at)) {
            return;
        }
        // Another receiver group may insert the same row between our update and insert; its key then wins and we
        // count on top of it. The savepoint keeps PostgreSQL's transaction usable after the failed insert.
        Savepoint beforeInsert = c.setSavepoint();
        try {
            insert(c, meterId, r, at);
            c.releaseSavepoint(beforeInsert);
        } catch (SQLException e) {
            if (!Jdbc.isDuplicateKey(e)) {
                throw e;
            }
            c.rollback(beforeInsert);
            if (!update(c, meterId, r, at)) {
                throw e;
            }
        }
    }

    private static boolean update(Connection c, long meterId, Reception r, Instant at) throws SQLException {
        String update = r.rssi() == null
                ? "UPDATE wireless_reception SET last_rssi = NULL, heard_count = heard_count + 1, last_heard_at = ?"
                        + " WHERE meter_id = ? AND receiver_id = ?"
                : "UPDATE wireless_reception SET last_rssi = CAST(? AS INTEGER), heard_count = heard_count + 1,"
                        + " last_heard_at = ?, best_rssi = CASE WHEN best_rssi IS NULL OR best_rssi < CAST(? AS INTEGER)"
                        + " THEN CAST(? AS INTEGER) ELSE best_rssi END WHERE meter_id = ? AND receiver_id = ?";
        try (PreparedStatement ps = c.prepareStatement(update)) {
            int i = 1;
            if (r.rssi() != null) {
                ps.setInt(i++, r.rssi());
            }
            Jdbc.setInstant(ps, i++, at);
            if (r.rssi() != null) {
                ps.setInt(i++, r.rssi());
                ps.setInt(i++, r.rssi());
            }
            ps.setLong(i++, meterId);
            ps.setString(i, r.receiverId());
            return ps.executeUpdate() > 0;
        }
    }

    private static void insert(Connection c, long meterId, Reception r, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO wireless_reception (meter_id, receiver_id, last_rssi,"
                + " best_rssi, heard_count, first_heard_at, last_heard_at) VALUES (?, ?, ?, ?, 1, ?, ?)")) {
            ps.setLong(1, meterId);
            ps.setString(2, r.receiverId());
            setRssi(ps, 3, r.rssi());
            setRssi(ps, 4, r.rssi());
            Jdbc.setInstant(ps, 5, at);
            Jdbc.setInstant(ps, 6, at);
            ps.executeUpdate();
        }
    }

    private static void setRssi(PreparedStatement ps, int i, Integer rssi) throws SQLException {
        if (rssi == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, rssi);
        }
    }

    /** The meter's receivers, strongest (last RSSI) first. */
    public List<Row> forMeter(long meterId) {
        List<Row> out = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM wireless_reception WHERE meter_id = ?")) {
            ps.setLong(1, meterId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Row(meterId, rs.getString("receiver_id"), intOrNull(rs, "last_rssi"),
                            intOrNull(rs, "best_rssi"), rs.getLong("heard_count"), Jdbc.getInstant(rs, "first_heard_at"),
                            Jdbc.getInstant(rs, "last_heard_at")));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the receptions of meter " + meterId, e);
        }
        out.sort((a, b) -> Reception.strongestFirst(new Reception(a.receiverId(), a.lastRssi()),
                new Reception(b.receiverId(), b.lastRssi())));
        return out;
    }

    private static Integer intOrNull(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }
}
