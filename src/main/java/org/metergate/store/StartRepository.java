package org.metergate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Records each start of the gateway, so the system panel can show how often it restarted. */
public final class StartRepository {

    private final Database db;

    public StartRepository(Database db) {
        this.db = db;
    }

    public void record(Instant at, String version) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO gateway_start (started_at, version) VALUES (?, ?)")) {
            Jdbc.setInstant(ps, 1, at);
            ps.setString(2, version);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot record start", e);
        }
    }

    public long count() {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM gateway_start");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("cannot count starts", e);
        }
    }
}
