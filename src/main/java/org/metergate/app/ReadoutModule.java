package org.metergate.app;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.apache.camel.builder.RouteBuilder;
import org.metergate.camel.CamelBusAccess;
import org.metergate.camel.CronPollScheduler;
import org.metergate.config.ConfigException;
import org.metergate.meters.KnownBuses;
import org.metergate.meters.MeterListParser;
import org.metergate.meters.MeterRegistry;
import org.metergate.meters.MeterRepository;
import org.metergate.meters.MeterSettings;
import org.metergate.meters.ReadoutRecorder;
import org.metergate.schedule.CronSyntaxException;
import org.metergate.schedule.Schedule;
import org.metergate.store.ReadoutRepository;
import org.metergate.store.SettingRepository;
import org.metergate.store.StatusBytePolicy;
import org.metergate.store.ValueRetention;
import org.metergate.web.InstallationApi;
import org.metergate.web.InstallationReportApi;
import org.metergate.web.MeterBulkApi;
import org.metergate.web.MetersApi;
import org.metergate.web.ReadoutApi;
import org.metergate.web.ReadoutSettingsApi;
import org.metergate.web.ValuesApi;
import org.metergate.wireless.WirelessMeters;

/**
 * Meters, readout schedules and the value store (issue 5): installs the meter registry, the
 * readout recorder behind routes/readout.yaml, the demo bus, the schedules routes poll on, their
 * REST APIs and value retention. Shares {@link MeterRegistry} and {@link ReadoutRepository}.
 */
public final class ReadoutModule implements GatewayModule {

    @Override
    public void install(GatewayServices s, ModuleWiring wiring) throws Exception {
        MeterRepository meterRepository = new MeterRepository(s.db());
        CamelBusAccess buses = new CamelBusAccess();
        // a meter list's Bus column may name the buses and receivers the routes read, and the bus
        // wireless meters wait on until their first telegram picks a receiver (the demo installs them there)
        KnownBuses knownBuses = KnownBuses.of(WirelessMeters.UNASSIGNED).and(buses::configuredBusIds);
        MeterRegistry meters = new MeterRegistry(meterRepository, new MeterListParser(MeterListParser.DEFAULT_MAX_BYTES,
                MeterListParser.DEFAULT_MAX_METERS, MeterSettings.DEFAULT_BUS, knownBuses),
                s.config().getInt("metergate.meters.max-active"), s.clock());
        ReadoutRepository values = new ReadoutRepository(s.db());
        values.warmUp();
        ReadoutRecorder recorder = new ReadoutRecorder(values, meterRepository);
        ValueRetention valueRetention = new ValueRetention(values, ValueRetention.years(
                ReadoutSettingsApi.storedRetentionYears(s.settings(), s.config().getInt("metergate.values.retention-years"))),
                s.clock());
        List<Long> madePassive = meters.enforceCapacity();
        if (!madePassive.isEmpty()) {
            s.systemLog().warning("meters", madePassive.size()
                    + " meters made passive: more active than metergate.meters.max-active");
        }
        if (s.config().getBoolean("metergate.demo.enabled")) {
            startDemo(s, wiring, meters);
        }

        Schedule readoutSchedule = storedReadoutSchedule(s.settings())
                .orElseGet(() -> cronSetting(s, "metergate.readout.schedule"));
        s.settings().find(ReadoutSettingsApi.STATUS_BYTE_LOGGING).map(StatusBytePolicy::parse)
                .ifPresent(values::setStatusBytePolicy);
        CronPollScheduler readoutPoll = new CronPollScheduler(s.scheduler(), readoutSchedule);
        ReadoutJobs jobs = new ReadoutJobs(s, meters, buses, wiring);

        wiring.bind("meterRegistry", meters);
        wiring.bind("readoutRecorder", recorder);
        wiring.bind("storeReadout", new StoreReadout(recorder));
        wiring.bind("readoutSchedule", readoutPoll);
        wiring.bind("demoSchedule", new CronPollScheduler(s.scheduler(), cronSetting(s, "metergate.demo.schedule")));
        // before MetersApi: /meters/installation-report.xlsx must match before /meters/{id}; ReportModule provides the report
        InstallationReportApi installationReport = new InstallationReportApi(s.auth(), s.systemLog());
        wiring.addRoutes(installationReport);
        wiring.share(InstallationReportApi.class, installationReport);
        wiring.addRoutes(new MetersApi(s.auth(), s.systemLog(), meters, jobs.installs));
        wiring.addRoutes(new MeterBulkApi(s.auth(), s.systemLog(), meters));
        wiring.addRoutes(new InstallationApi(s.auth(), s.systemLog(), jobs.scans, jobs.installs, jobs.buses,
                jobs.scanInstaller));
        wiring.addRoutes(new ValuesApi(s.auth(), s.systemLog(), values, meters, jobs.live, s.clock()));
        wiring.addRoutes(new ReadoutApi(s.auth(), s.systemLog(), meters, jobs.retries));
        wiring.addRoutes(new ReadoutSettingsApi(s.auth(), s.systemLog(), readoutPoll, values, s.settings(), jobs.retries,
                valueRetention));
        wiring.addRoutes(retentionRoute(s, valueRetention));
        wiring.share(MeterRegistry.class, meters);
        wiring.share(ReadoutRepository.class, values);
        wiring.share(org.metergate.jobs.BusAccess.class, jobs.buses);
        wiring.share(KnownBuses.class, knownBuses);
    }

    private static void startDemo(GatewayServices s, ModuleWiring wiring, MeterRegistry meters) throws Exception {
        int baud = s.config().getInt("metergate.demo.baud");
        DemoBus demo = wiring.closeOnStop(DemoBus.start(s.config().getInt("metergate.demo.meters"), baud,
                s.config().getLong("metergate.demo.seed")));
        wiring.setProperty("metergate.demo.tcp-port", String.valueOf(demo.port()));
        int installed = demo.installInto(meters, baud);
        if (installed > 0) {
            s.systemLog().info("meters", installed + " simulated demo meters installed on bus " + DemoBus.BUS
                    + " (set metergate.demo.enabled=false for a real installation)");
        }
    }

    private static RouteBuilder retentionRoute(GatewayServices s, ValueRetention valueRetention) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:value-retention?period=3600000&delay=60000").routeId("value-retention")
                        .process(e -> {
                            long deleted = valueRetention.run();
                            if (deleted > 0) {
                                s.systemLog().info("store", "Retention removed " + deleted
                                        + " readouts older than the configured age");
                            }
                        });
            }
        };
    }

    /** The readout schedule an operator set through the API (it wins over the configuration file). */
    private static Optional<Schedule> storedReadoutSchedule(SettingRepository settings) {
        return settings.find(ReadoutSettingsApi.SCHEDULE).map(expression -> {
            long seed = settings.find(ReadoutSettingsApi.SCHEDULE_SEED).map(Long::parseLong).orElse(0L);
            try {
                return Schedule.cron(expression, ZoneId.systemDefault(), seed);
            } catch (CronSyntaxException e) {
                throw new ConfigException("stored readout schedule '" + expression + "': " + e.getMessage());
            }
        });
    }

    /**
     * A schedule setting in the gateway's cron dialect. Its '?' values are drawn from a seed kept in
     * the database, so they stay put across restarts and change only when the expression does.
     */
    static Schedule cronSetting(GatewayServices s, String key) {
        String expression = s.config().get(key);
        String seedKey = key + ".seed:" + expression;
        long seed = Long.parseLong(s.settings().getOrCreate(seedKey,
                () -> String.valueOf(new java.security.SecureRandom().nextLong())));
        try {
            return Schedule.cron(expression, ZoneId.systemDefault(), seed);
        } catch (CronSyntaxException e) {
            throw new ConfigException(key + ": " + e.getMessage());
        }
    }
}
