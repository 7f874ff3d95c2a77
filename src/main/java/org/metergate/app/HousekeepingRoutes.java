package org.metergate.app;

import org.apache.camel.builder.RouteBuilder;
import org.metergate.admin.LogRetention;
import org.metergate.admin.SystemLog;

/** Periodic upkeep of the system log as Camel routes, so operators see it in Hawtio: flood-control summaries and retention. */
public final class HousekeepingRoutes extends RouteBuilder {

    private final SystemLog systemLog;
    private final LogRetention retention;

    public HousekeepingRoutes(SystemLog systemLog, LogRetention retention) {
        this.systemLog = systemLog;
        this.retention = retention;
    }

    @Override
    public void configure() {
        from("timer:system-log-flush?period=5000&delay=5000").routeId("system-log-flush")
                .process(e -> systemLog.flush());
        from("timer:system-log-retention?period=60000&delay=15000").routeId("system-log-retention")
                .process(e -> {
                    LogRetention.Result r = retention.run();
                    if (r.deletedByAge() + r.deletedBySize() > 0) {
                        systemLog.debug("log", "Retention removed " + r.deletedByAge() + " old and "
                                + r.deletedBySize() + " rows over the size cap");
                    }
                });
    }
}
