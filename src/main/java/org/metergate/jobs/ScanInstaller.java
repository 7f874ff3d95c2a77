package org.metergate.jobs;

import java.util.List;
import org.metergate.admin.SystemLog;
import org.metergate.meters.MeterRegistry;
import org.metergate.meters.MeterSettings;

/**
 * Installs what a scan found and starts their installation readout (SPEC A7 → C2): by hand
 * ({@code POST /api/scans/{id}/install}) or on its own when a scan with autoInstall ends. Each meter goes
 * on the bus it was found on, at the baud given, else the scan's baud, else its bus route's.
 */
public final class ScanInstaller {

    /** What an install did; {@code installJob} is the installation readout to watch. */
    public record Result(int found, int installed, int active, int passive, int removed, String installJob) {
        public int alreadyInstalled() {
            return found - installed;
        }
    }

    private final MeterRegistry registry;
    private final InstallReadouts installs;
    private final BusAccess buses;
    private final SystemLog systemLog;

    public ScanInstaller(MeterRegistry registry, InstallReadouts installs, BusAccess buses, SystemLog systemLog) {
        this.registry = registry;
        this.installs = installs;
        this.buses = buses;
        this.systemLog = systemLog;
    }

    /**
     * @param baud null: the scan's baud, else each bus route's
     * @param automatic true when the scan's autoInstall does it (said so in the system log)
     * @throws IllegalArgumentException when a found meter cannot become a meter setting
     */
    public Result install(ScanJobs.Scan scan, boolean clearFirst, Integer baud, String user, boolean automatic) {
        Integer chosen = baud != null ? baud : scan.plan().baud();
        List<MeterSettings> found = ScanJobs.toInstall(scan, bus -> chosen != null ? chosen
                : buses.baud(bus).filter(MeterSettings.BAUD_RATES::contains).orElse(MeterSettings.DEFAULT_BAUD));
        MeterRegistry.ImportResult result = registry.installScanned(found, clearFirst);
        InstallReadouts.Job job = installs.start(result.meters(), user);
        scan.installedAs(job.id());
        systemLog.info("meters", "Scan " + scan.id() + " installed" + (automatic ? " automatically for " : " by ") + user + ": " + result.installed() + " meters ("
                + (found.size() - result.installed()) + " already installed), " + result.active() + " active, "
                + result.passive() + " passive" + (clearFirst ? ", " + result.removed() + " removed first" : "")
                + "; installation readout " + job.id());
        return new Result(found.size(), result.installed(), result.active(), result.passive(), result.removed(), job.id());
    }
}
