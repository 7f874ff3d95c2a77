package org.metergate.report.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.metergate.store.Database;
import org.metergate.store.Jdbc;
import org.metergate.store.StoreException;

/** Report settings in table report_definition, one JSON row per report, changed in one transaction. */
public final class ReportDefinitions {

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Database db;
    private final Clock clock;

    public ReportDefinitions(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The stored definitions of the given keys, the factory default where none is stored. */
    public List<ReportDefinition> load(List<String> keys) {
        Map<String, ReportDefinition> stored = new HashMap<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT report_key, definition FROM report_definition");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    stored.put(rs.getString(1), JSON.readValue(rs.getString(2), ReportDefinition.class));
                } catch (JsonProcessingException e) {
                    throw new StoreException("stored settings of report " + rs.getString(1) + " are unreadable: "
                            + e.getOriginalMessage());
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the report settings", e);
        }
        List<ReportDefinition> out = new ArrayList<>();
        for (String key : keys) {
            out.add(stored.getOrDefault(key, ReportDefinition.defaults(key)));
        }
        return out;
    }

    /** Stores all of them or none. */
    public void saveAll(Collection<ReportDefinition> definitions) {
        try {
            db.inTransaction(c -> {
                for (ReportDefinition d : definitions) {
                    String json;
                    try {
                        json = JSON.writeValueAsString(d);
                    } catch (JsonProcessingException e) {
                        throw new SQLException("cannot write report " + d.key() + " as JSON", e);
                    }
                    int n;
                    try (PreparedStatement upd = c.prepareStatement(
                            "UPDATE report_definition SET definition = ?, updated_at = ? WHERE report_key = ?")) {
                        upd.setString(1, json);
                        Jdbc.setInstant(upd, 2, clock.instant());
                        upd.setString(3, d.key());
                        n = upd.executeUpdate();
                    }
                    if (n == 0) {
                        try (PreparedStatement ins = c.prepareStatement(
                                "INSERT INTO report_definition (report_key, definition, updated_at) VALUES (?, ?, ?)")) {
                            ins.setString(1, d.key());
                            ins.setString(2, json);
                            Jdbc.setInstant(ins, 3, clock.instant());
                            ins.executeUpdate();
                        }
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot store the report settings", e);
        }
    }
}
