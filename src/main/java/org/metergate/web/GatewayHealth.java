package org.metergate.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.metergate.store.Database;

/** The gateway's health checks: the Camel context runs and the database answers. */
public final class GatewayHealth {

    private final CamelContext camel;
    private final Database db;

    public GatewayHealth(CamelContext camel, Database db) {
        this.camel = camel;
        this.db = db;
    }

    public record Status(boolean camel, boolean database) {
        public boolean up() {
            return camel && database;
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", up() ? "UP" : "DOWN");
            m.put("checks", Map.of("camel", camel ? "UP" : "DOWN", "database", database ? "UP" : "DOWN"));
            return m;
        }
    }

    public Status check() {
        return new Status(camel.getStatus() == ServiceStatus.Started, db.isHealthy());
    }

    /** One line for the heartbeat route's log. */
    public String summary() {
        Status s = check();
        return (s.up() ? "UP" : "DOWN") + " (camel " + (s.camel() ? "up" : "down")
                + ", database " + (s.database() ? "up" : "down") + ", routes " + camel.getRoutesSize() + ")";
    }
}
