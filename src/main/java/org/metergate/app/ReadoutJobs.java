package org.metergate.app;

import org.metergate.bus.RetryPolicy;
import org.metergate.camel.CamelBusAccess;
import org.metergate.camel.JobRetries;
import org.metergate.jobs.InstallReadouts;
import org.metergate.jobs.InstallRepository;
import org.metergate.jobs.ScanInstaller;
import org.metergate.jobs.ScanRepository;
import org.metergate.store.JobTable;
import org.metergate.jobs.ScanJobs;
import org.metergate.meters.LiveValues;
import org.metergate.meters.MeterRegistry;
import org.metergate.web.ReadoutSettingsApi;

/**
 * The readout jobs that run beside the bus routes (issue 5): job retries (SPEC D5, configured, then
 * as stored through the settings API), continuous mode's live values (D3), installation readouts (C2)
 * and scans (A7), all reaching the buses through the owners the {@code mbus:} routes registered.
 */
final class ReadoutJobs {

    final JobRetries retries;
    final LiveValues live = new LiveValues();
    final CamelBusAccess buses;
    final InstallReadouts installs;
    final ScanJobs scans;
    final ScanInstaller scanInstaller;

    /** @param buses the gateway's buses, made before the registry (its meter-list parser asks them for bus ids) */
    ReadoutJobs(GatewayServices s, MeterRegistry meters, CamelBusAccess buses, ModuleWiring wiring) {
        this.buses = buses;
        retries = ReadoutSettingsApi.storedRetries(s.settings(),
                policy(s, "metergate.readout.retries", "metergate.readout.retry-offset-seconds"),
                policy(s, "metergate.readout.manual-retries", "metergate.readout.manual-retry-offset-seconds"));
        JobTable.Retention retention = retention(s);
        installs = wiring.closeOnStop(new InstallReadouts(meters, buses, retries::manual, new InstallRepository(s.db()),
                retention, s.clock()));
        scans = new ScanJobs(new ScanRepository(s.db()), retention, s.clock());
        scanInstaller = new ScanInstaller(meters, installs, buses, s.systemLog());
        scans.autoInstallWith(scanInstaller);
        CamelStopping.notify(wiring, () -> {
            scans.stopping();
            installs.stopping();
        });
        wiring.closeOnStop(buses);
        // attached when the routes are configured: the Camel context exists then (started or not)
        wiring.addRoutes(new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                buses.attach(getContext());
            }
        });
        wiring.bind("jobRetries", retries);
        wiring.bind("liveValues", live);
    }

    /** The job history's retention rule (metergate.jobs.keep, .keep-days), shared by scans, installs and listening. */
    static JobTable.Retention retention(GatewayServices s) {
        try {
            return new JobTable.Retention(s.config().getInt("metergate.jobs.keep"),
                    java.time.Duration.ofDays(s.config().getInt("metergate.jobs.keep-days")));
        } catch (IllegalArgumentException e) {
            throw new org.metergate.config.ConfigException("metergate.jobs.keep / keep-days: " + e.getMessage());
        }
    }

    private static RetryPolicy policy(GatewayServices s, String retriesKey, String offsetKey) {
        try {
            return new RetryPolicy(s.config().getInt(retriesKey), s.config().getInt(offsetKey));
        } catch (IllegalArgumentException e) {
            throw new org.metergate.config.ConfigException(retriesKey + " / " + offsetKey + ": " + e.getMessage());
        }
    }
}
