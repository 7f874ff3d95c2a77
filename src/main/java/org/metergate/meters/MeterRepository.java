package org.metergate.meters;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.metergate.store.Database;
import org.metergate.store.Jdbc;
import org.metergate.store.StoreException;

/** The meter table (V2__meters.sql): plain CRUD, search with paging, and the bulk insert of a meter list in one transaction. */
public final class MeterRepository {

    private static final String COLUMNS = "name, addressing_mode, primary_address, secondary_id, manufacturer, version, medium,"
            + " enhanced_receiver, enhanced_meter, bus_id, baud, active, multi_telegram, max_telegrams, response_timeout_ms,"
            + " retries, pause_ms, list_position, secondary_key, primary_key";
    private static final int SETTINGS_COLUMNS = 20;
    private static final String SELECT = "SELECT id, " + COLUMNS
            + ", last_status, last_status_message, last_readout_at, created_at, updated_at FROM meter";

    private final Database db;

    public MeterRepository(Database db) {
        this.db = db;
    }

    public Meter insert(MeterSettings settings, Instant now) {
        try (Connection c = db.connection()) {
            return insert(c, settings, now);
        } catch (SQLException e) {
            throw new StoreException("cannot install meter " + settings.name(), e);
        }
    }

    /**
     * Inserts all meters in one transaction, after deleting every installed meter when {@code clearFirst};
     * either all of it happens or none.
     */
    public List<Meter> insertAll(List<MeterSettings> meters, boolean clearFirst, Instant now) {
        try {
            return db.inTransaction(c -> {
                if (clearFirst) {
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate("DELETE FROM meter");
                    }
                }
                List<Meter> result = new ArrayList<>(meters.size());
                try (PreparedStatement ps = prepareInsert(c)) {
                    for (MeterSettings m : meters) {
                        result.add(insert(ps, m, now));
                    }
                }
                return result;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot install meter list (nothing was changed)", e);
        }
    }

    private static Meter insert(Connection c, MeterSettings m, Instant now) throws SQLException {
        try (PreparedStatement ps = prepareInsert(c)) {
            return insert(ps, m, now);
        }
    }

    private static PreparedStatement prepareInsert(Connection c) throws SQLException {
        return c.prepareStatement("INSERT INTO meter (" + COLUMNS + ", created_at, updated_at) VALUES ("
                + "?, ".repeat(SETTINGS_COLUMNS) + "?, ?)", Statement.RETURN_GENERATED_KEYS);
    }

    private static Meter insert(PreparedStatement ps, MeterSettings m, Instant now) throws SQLException {
        bind(ps, m);
        Jdbc.setInstant(ps, SETTINGS_COLUMNS + 1, now);
        Jdbc.setInstant(ps, SETTINGS_COLUMNS + 2, now);
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("no id generated for the new meter");
            }
            return new Meter(keys.getLong(1), m, MeterStatus.NONE, now, now);
        }
    }

    public Optional<Meter> find(long id) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read meter " + id, e);
        }
    }

    /** Replaces the settings; false when there is no such meter. */
    public boolean update(long id, MeterSettings m, Instant now) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("UPDATE meter SET "
                + String.join(" = ?, ", COLUMNS.split(",\\s*")) + " = ?, updated_at = ? WHERE id = ?")) {
            bind(ps, m);
            Jdbc.setInstant(ps, SETTINGS_COLUMNS + 1, now);
            ps.setLong(SETTINGS_COLUMNS + 2, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("cannot update meter " + id, e);
        }
    }

    /** Records what an installation or readout found (SPEC C2); false when there is no such meter. */
    public boolean updateStatus(long id, MeterStatus status) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE meter SET last_status = ?, last_status_message = ?, last_readout_at = ? WHERE id = ?")) {
            ps.setString(1, status.lastStatus());
            ps.setString(2, status.lastMessage() == null ? null
                    : status.lastMessage().substring(0, Math.min(400, status.lastMessage().length())));
            if (status.lastReadoutAt() == null) {
                ps.setNull(3, Types.TIMESTAMP);
            } else {
                Jdbc.setInstant(ps, 3, status.lastReadoutAt());
            }
            ps.setLong(4, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("cannot update status of meter " + id, e);
        }
    }

    /**
     * Changes the settings of some meters and deletes others in one transaction (SPEC C3 bulk
     * functions): all of it happens or none. Every id must exist.
     */
    public void applyAll(java.util.Map<Long, MeterSettings> changes, java.util.Collection<Long> deletes, Instant now) {
        try {
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE meter SET "
                        + String.join(" = ?, ", COLUMNS.split(",\\s*")) + " = ?, updated_at = ? WHERE id = ?")) {
                    for (var e : changes.entrySet()) {
                        bind(ps, e.getValue());
                        Jdbc.setInstant(ps, SETTINGS_COLUMNS + 1, now);
                        ps.setLong(SETTINGS_COLUMNS + 2, e.getKey());
                        if (ps.executeUpdate() != 1) {
                            throw new SQLException("meter " + e.getKey() + " vanished");
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM meter WHERE id = ?")) {
                    for (long id : deletes) {
                        ps.setLong(1, id);
                        if (ps.executeUpdate() != 1) {
                            throw new SQLException("meter " + id + " vanished");
                        }
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot apply the bulk change (nothing was changed)", e);
        }
    }

    public boolean delete(long id) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("DELETE FROM meter WHERE id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("cannot delete meter " + id, e);
        }
    }

    /** Makes the {@code n} most recently installed active meters passive, in one transaction; returns their ids. */
    public List<Long> passivateNewest(int n, Instant now) {
        if (n <= 0) {
            return List.of();
        }
        try {
            return db.inTransaction(c -> {
                List<Long> ids = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT id FROM meter WHERE active = 1 ORDER BY id DESC FETCH FIRST " + n + " ROWS ONLY");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE meter SET active = 0, updated_at = ? WHERE id = ?")) {
                    for (long id : ids) {
                        Jdbc.setInstant(ps, 1, now);
                        ps.setLong(2, id);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return ids;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot make meters passive", e);
        }
    }

    public long countActive() {
        return count("SELECT COUNT(*) FROM meter WHERE active = 1");
    }

    public long count() {
        return count("SELECT COUNT(*) FROM meter");
    }

    private long count(String sql) {
        try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("cannot count meters", e);
        }
    }

    /** Every meter in id order (installation order). */
    public List<Meter> all() {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(SELECT + " ORDER BY id")) {
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                List<Meter> result = new ArrayList<>();
                while (rs.next()) {
                    result.add(read(rs));
                }
                return result;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot list meters", e);
        }
    }

    /**
     * The meters that could be {@code s}'s duplicate: the same secondary id, or the same primary address on the
     * same bus (both columns indexed). Checking one meter thus reads a handful of rows, not the whole list: the
     * installation readout checks every meter it reads, so a full scan each time was O(n²) for a list of n.
     */
    public List<Meter> sharingAddressWith(MeterSettings s) {
        if (s.secondaryId() == null && s.primaryKey() == null) {
            return List.of();
        }
        String where = s.secondaryId() != null && s.primaryKey() != null ? "secondary_id = ? OR primary_key = ?"
                : s.secondaryId() != null ? "secondary_id = ?" : "primary_key = ?";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(SELECT + " WHERE " + where + " ORDER BY id")) {
            int i = 1;
            if (s.secondaryId() != null) {
                ps.setString(i++, s.secondaryId());
            }
            if (s.primaryKey() != null) {
                ps.setString(i, s.primaryKey());
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<Meter> result = new ArrayList<>();
                while (rs.next()) {
                    result.add(read(rs));
                }
                return result;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot look up meters by address", e);
        }
    }

    /** The matching meters in id order, one page of them, and the total. */
    public MeterPage find(MeterQuery q) {
        StringBuilder where = new StringBuilder();
        List<Object> params = new ArrayList<>();
        if (q.active() != null) {
            where.append(" WHERE active = ?");
            params.add(q.active() ? 1 : 0);
        }
        if (q.text() != null) {
            where.append(where.length() == 0 ? " WHERE " : " AND ");
            where.append("(LOWER(name) LIKE ? ESCAPE '\\' OR LOWER(secondary_id) LIKE ? ESCAPE '\\'"
                    + " OR LOWER(manufacturer) LIKE ? ESCAPE '\\' OR LOWER(list_position) LIKE ? ESCAPE '\\')");
            String like = "%" + q.text().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            for (int i = 0; i < 4; i++) {
                params.add(like);
            }
        }
        try (Connection c = db.connection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM meter" + where)) {
                setAll(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Meter> meters = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SELECT + where + " ORDER BY id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
                setAll(ps, params);
                ps.setLong(params.size() + 1, (long) q.page() * q.size());
                ps.setInt(params.size() + 2, q.size());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        meters.add(read(rs));
                    }
                }
            }
            return new MeterPage(total, q.page(), q.size(), meters);
        } catch (SQLException e) {
            throw new StoreException("cannot search meters", e);
        }
    }

    private static void setAll(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, (String) p);
            }
        }
    }

    private static void bind(PreparedStatement ps, MeterSettings m) throws SQLException {
        int i = 1;
        ps.setString(i++, m.name());
        ps.setString(i++, m.mode().id());
        setInt(ps, i++, m.primaryAddress());
        ps.setString(i++, m.secondaryId());
        ps.setString(i++, m.manufacturer());
        setInt(ps, i++, m.version());
        setInt(ps, i++, m.medium());
        ps.setString(i++, m.enhancedReceiver());
        ps.setString(i++, m.enhancedMeter());
        ps.setString(i++, m.busId());
        ps.setInt(i++, m.baud());
        ps.setInt(i++, m.active() ? 1 : 0);
        ps.setInt(i++, m.multiTelegram() ? 1 : 0);
        ps.setInt(i++, m.maxTelegrams());
        setInt(ps, i++, m.responseTimeoutMs());
        setInt(ps, i++, m.retries());
        setInt(ps, i++, m.pauseMs());
        ps.setString(i++, m.listPosition());
        ps.setString(i++, m.secondaryKey());
        ps.setString(i, m.primaryKey());
    }

    private static void setInt(PreparedStatement ps, int index, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, v);
        }
    }

    private static Integer getInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static Meter read(ResultSet rs) throws SQLException {
        MeterSettings settings = new MeterSettings(
                rs.getString("name"),
                AddressingMode.parse(rs.getString("addressing_mode")),
                getInt(rs, "primary_address"),
                rs.getString("secondary_id"),
                rs.getString("manufacturer"),
                getInt(rs, "version"),
                getInt(rs, "medium"),
                rs.getString("enhanced_receiver"),
                rs.getString("enhanced_meter"),
                rs.getString("bus_id"),
                rs.getInt("baud"),
                rs.getInt("active") != 0,
                rs.getInt("multi_telegram") != 0,
                rs.getInt("max_telegrams"),
                getInt(rs, "response_timeout_ms"),
                getInt(rs, "retries"),
                getInt(rs, "pause_ms"),
                rs.getString("list_position"));
        MeterStatus status = new MeterStatus(rs.getString("last_status"), rs.getString("last_status_message"),
                Jdbc.getInstant(rs, "last_readout_at"));
        return new Meter(rs.getLong("id"), settings, status, Jdbc.getInstant(rs, "created_at"), Jdbc.getInstant(rs, "updated_at"));
    }
}
