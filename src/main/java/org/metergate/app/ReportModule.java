package org.metergate.app;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.metergate.Product;
import org.metergate.camel.CronPollScheduler;
import org.metergate.meters.MeterRegistry;
import org.metergate.report.ReportRenderer;
import org.metergate.report.ReportRendering;
import org.metergate.report.delivery.DeliveryDefaults;
import org.metergate.report.engine.DestinationFactory;
import org.metergate.report.engine.Outbox;
import org.metergate.report.engine.ReadoutCycle;
import org.metergate.report.engine.ReportDefinitions;
import org.metergate.report.engine.ReportEngine;
import org.metergate.report.engine.ReportRoutes;
import org.metergate.report.engine.RetryPolicy;
import org.metergate.meters.KnownBuses;
import org.metergate.report.GatewaySetup;
import org.metergate.report.InstallationReport;
import org.metergate.report.TemplateReportRenderer;
import org.metergate.web.InstallationReportApi;
import org.metergate.web.ReadoutSettingsApi;
import org.metergate.web.ReportsApi;

/**
 * Push reports and event reports (issue 6): the report engine with its settings and outbox, the
 * report route template and its instances, the installation-report hook on the meter registry and
 * the REST API. Install after {@link ReadoutModule} (it follows the readout schedule and needs the
 * meter registry). Binds {@code reportEngine} for routes (e.g. {@code bean:reportEngine?method=onDemand}).
 */
public final class ReportModule implements GatewayModule {

    private final ReportRenderer renderer;
    private final DestinationFactory destinations;

    /** The gateway's own renderer and destinations. */
    public ReportModule() {
        this(null, null);
    }

    /** With another renderer or destination factory (embedding, tests); null = the gateway's own. */
    public ReportModule(ReportRenderer renderer, DestinationFactory destinations) {
        this.renderer = renderer;
        this.destinations = destinations;
    }

    @Override
    public void install(GatewayServices s, ModuleWiring wiring) throws Exception {
        MeterRegistry meters = wiring.require(MeterRegistry.class);
        var c = s.config();
        Path dir = c.find("metergate.report.dir").filter(v -> !v.isBlank()).map(Path::of)
                .orElse(s.dataDir().resolve("reports")).toAbsolutePath().normalize();
        java.nio.file.Files.createDirectories(dir);
        ReportEngine.Settings settings = new ReportEngine.Settings(c.getInt("metergate.report.count"), dir,
                new RetryPolicy.General(c.getInt("metergate.report.retries"), c.getInt("metergate.report.retry-seconds")),
                retryTimeScale(c.get("metergate.report.retry-time-scale")),
                Duration.ofDays(c.getInt("metergate.report.keep-days")),
                Duration.ofDays(c.getInt("metergate.report.outbox-retention-days")), ZoneId.systemDefault());

        // the installation report (x012, SPEC C6) shows the buses the routes read and these settings
        GatewaySetup setup = new GatewaySetup(wiring.require(KnownBuses.class), () -> setupLines(s, meters));
        TemplateReportRenderer templates = ReportRendering.create(s.config(), s.db(), s.systemLog(), s.identity(), setup);

        AtomicReference<CamelContext> camel = new AtomicReference<>();
        ReadoutCycle readout = new ReadoutCycle(() -> readoutSchedulers(camel.get()));
        ReportEngine engine = new ReportEngine(settings, new ReportDefinitions(s.db(), s.clock()), new Outbox(s.db(), s.clock()),
                renderer != null ? renderer : templates,
                destinations != null ? destinations
                        : new ConfiguredDestinations(wiring.require(DeliveryDefaults.class), s.identity()),
                s.scheduler(), readout, s.systemLog(), s.clock(), () -> startupLines(s));
        wiring.bind("reportEngine", engine);
        wiring.addRoutes(new ReportRoutes(engine));
        wiring.addRoutes(new ReportsApi(s.auth(), s.systemLog(), engine));
        wiring.require(InstallationReportApi.class).provide(
                new InstallationReport(templates, meters.repository()::all, dir.resolve("downloads"), s.clock()));
        meters.onInstalled(engine::installed);
        wiring.afterStart(context -> {
            camel.set(context);
            try {
                engine.start(context);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ReportModule.class).error("Reports could not start", e);
                s.systemLog().error("report", "Reports could not start: " + e.getMessage());
                throw e;
            }
        });
        wiring.closeOnStop(engine);
    }

    private static double retryTimeScale(String text) {
        try {
            double v = Double.parseDouble(text.trim());
            if (v >= 0 && v <= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new org.metergate.config.ConfigException("metergate.report.retry-time-scale must be a number from 0 to 1, got '"
                + text + "'");
    }

    /** The readout schedules reports follow, in order of preference: the real readout, then the demo's. */
    private static List<CronPollScheduler> readoutSchedulers(CamelContext context) {
        List<CronPollScheduler> out = new ArrayList<>();
        if (context == null) {
            return out;
        }
        for (String name : List.of("readoutSchedule", "demoSchedule")) {
            Optional.ofNullable(context.getRegistry().lookupByNameAndType(name, CronPollScheduler.class)).ifPresent(out::add);
        }
        return out;
    }

    /** The device sheet's settings beyond identity, conventions and buses (keys are report text keys). */
    private static Map<String, String> setupLines(GatewayServices s, MeterRegistry meters) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("readoutSchedule", s.settings().find(ReadoutSettingsApi.SCHEDULE)
                .orElseGet(() -> s.config().get("metergate.readout.schedule")));
        m.put("maxActiveMeters", String.valueOf(meters.maxActive()));
        m.put("installedMeters", String.valueOf(meters.repository().all().size()));
        m.put("activeMeters", String.valueOf(meters.countActive()));
        return m;
    }

    private static Map<String, String> startupLines(GatewayServices s) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("product", s.identity().productName());
        m.put("version", Product.version());
        m.put("serial", s.identity().serial());
        m.put("host", s.identity().hostName());
        m.put("started", s.identity().started().toString());
        return m;
    }
}
