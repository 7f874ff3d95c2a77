package org.metergate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/** Named text settings kept in the database, so they follow the data to another host or engine. */
public final class SettingRepository {

    private final Database db;
    private final Clock clock;

    public SettingRepository(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Optional<String> find(String name) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT text_value FROM setting WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read setting " + name, e);
        }
    }

    public void put(String name, String value) {
        try {
            db.inTransaction(c -> {
                try (PreparedStatement upd = c.prepareStatement(
                        "UPDATE setting SET text_value = ?, updated_at = ? WHERE name = ?")) {
                    upd.setString(1, value);
                    Jdbc.setInstant(upd, 2, clock.instant());
                    upd.setString(3, name);
                    if (upd.executeUpdate() > 0) {
                        return null;
                    }
                }
                try (PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO setting (name, text_value, updated_at) VALUES (?, ?, ?)")) {
                    ins.setString(1, name);
                    ins.setString(2, value);
                    Jdbc.setInstant(ins, 3, clock.instant());
                    ins.executeUpdate();
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot write setting " + name, e);
        }
    }

    /** The value, created from the supplier and stored when absent. */
    public String getOrCreate(String name, java.util.function.Supplier<String> initial) {
        return find(name).orElseGet(() -> {
            String v = initial.get();
            put(name, v);
            return v;
        });
    }
}
