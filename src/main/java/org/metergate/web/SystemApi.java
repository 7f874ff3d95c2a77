package org.metergate.web;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Route;
import org.metergate.GatewayIdentity;
import org.metergate.Product;
import org.metergate.admin.SystemLog;
import org.metergate.schedule.GatewayScheduler;
import org.metergate.schedule.ScheduledJob;
import org.metergate.store.Database;
import org.metergate.store.StartRepository;

/** GET /api/health (public) and GET /api/system (SPEC H4). */
public final class SystemApi extends ApiRouteBuilder {

    private final Database db;
    private final GatewayIdentity identity;
    private final StartRepository starts;
    private final Clock clock;
    private final GatewayScheduler scheduler;

    public SystemApi(RequestAuthenticator auth, SystemLog systemLog, Database db, GatewayIdentity identity,
                     StartRepository starts, Clock clock, GatewayScheduler scheduler) {
        super(auth, systemLog);
        this.db = db;
        this.identity = identity;
        this.starts = starts;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    @Override
    protected void api() {
        rest("/api").description("System")
                .get("/health").description("Health of the Camel context and the database; 200 when healthy, 503 when not")
                    .produces("application/json").to("direct:api-health")
                .head("/health").description("Health status code only").to("direct:api-health-head")
                .get("/system").description("Product, version, serial, host, times, disk, database, routes and scheduled jobs")
                    .produces("application/json").to("direct:api-system");

        operation("api-health", Access.PUBLIC, r -> health());
        operation("api-health-head", Access.PUBLIC, r -> health());
        operation("api-system", Access.VIEWER, r -> system());
    }

    private ApiResponse health() {
        GatewayHealth.Status status = new GatewayHealth(getContext(), db).check();
        return ApiResponse.json(status.up() ? 200 : 503, status.toMap());
    }

    private Map<String, Object> system() throws IOException {
        Instant now = clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("product", Product.NAME);
        body.put("productName", identity.productName());
        body.put("version", Product.version());
        body.put("serial", identity.serial());
        body.put("hostName", identity.hostName());
        body.put("startTime", identity.started());
        body.put("uptimeSeconds", Duration.between(identity.started(), now).toSeconds());
        body.put("systemTime", now);
        body.put("timeZone", java.time.ZoneId.systemDefault().getId());
        body.put("restarts", Math.max(0, starts.count() - 1));
        body.put("dataDir", identity.dataDir().toAbsolutePath().toString());
        body.put("freeDiskBytes", Files.getFileStore(identity.dataDir()).getUsableSpace());
        body.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        body.put("camelVersion", getContext().getVersion());
        body.put("database", Map.of(
                "engine", db.engine().displayName(),
                "url", db.settings().displayUrl(),
                "sizeBytes", db.sizeBytes()));
        List<Map<String, Object>> routes = new ArrayList<>();
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (Route route : getContext().getRoutes()) {
            String uri = route.getEndpoint().getEndpointBaseUri();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", route.getRouteId());
            r.put("from", uri);
            r.put("state", getContext().getRouteController().getRouteStatus(route.getRouteId()).name());
            routes.add(r);
            if (uri.startsWith("timer:") || uri.startsWith("quartz:") || uri.startsWith("cron:")) {
                jobs.add(Map.of("route", route.getRouteId(), "schedule", uri));
            }
        }
        for (ScheduledJob job : scheduler.list()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("route", job.jobId());
            j.put("schedule", job.expression());
            j.put("resolved", job.resolvedExpression());
            j.put("nextFire", job.nextFireTime() == null ? null : job.nextFireTime().toOffsetDateTime().toString());
            jobs.add(j);
        }
        body.put("routes", routes);
        body.put("scheduledJobs", jobs);
        return body;
    }
}
