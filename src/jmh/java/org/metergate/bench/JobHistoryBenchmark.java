package org.metergate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.metergate.jobs.JobState;
import org.metergate.jobs.ScanJobs;
import org.metergate.jobs.ScanRepository;
import org.metergate.jobs.ScannedMeter;
import org.metergate.store.Database;
import org.metergate.store.DatabaseSettings;
import org.metergate.wireless.ListenRepository;
import org.metergate.wireless.ListenSession;

/**
 * What the job history costs on embedded Derby on disk: one found-meter insert, one progress-counter
 * update and one listen-session batch (a known meter heard again by two receivers), each the mean of
 * {@code n} after a warm-up. The throttle (counters every 5 s, meters when found) is what keeps a scan
 * from paying the update per probe.
 *
 * <p>Run: {@code ./mvnw -B -P bench compile exec:exec -Dbench.main=org.metergate.bench.JobHistoryBenchmark -Dbench.args="2000"}
 */
public final class JobHistoryBenchmark {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path dir = Files.createTempDirectory("metergate-jobs-bench");
        System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());
        try (Database db = Database.open(new DatabaseSettings(DatabaseSettings.derbyUrl(dir.resolve("db")), "", "", 4))) {
            ScanRepository scans = new ScanRepository(db);
            ListenRepository listen = new ListenRepository(db);
            Instant now = Instant.now();
            for (long id = 1; id <= 2; id++) {
                scans.create(new ScanRepository.Stored(id, "bus", ScanJobs.Kind.SECONDARY, null, null, false,
                        JobState.QUEUED, "bench", now, null, null, 0, 0, 0, null, null, null, null));
            }
            listen.create(1, "bench", now, now.plusSeconds(3600));
            ListenSession.Found heard = new ListenSession.Found("12345678", "KAM", 1, 7, "OK", null, 1, null,
                    List.of(new ListenSession.Heard("rx1", -60, -60, 1), new ListenSession.Heard("rx2", -70, -70, 1)), now, now);
            listen.save(1, 1, Map.of(0, heard));

            double found = time(n, i -> scans.found(i < n ? 1 : 2, i % n, meter(i), now));
            double progress = time(n, i -> scans.progress(1, i, i / 4, i / (double) n, "FFFF" + (i % 10000)));
            double save = time(n, i -> listen.save(1, i, Map.of(0, heard)));
            System.out.printf(Locale.ROOT, "Derby on disk, mean of %d after %d warm-up:%n", n, n / 4);
            System.out.printf(Locale.ROOT, "  found meter insert (scan_found)          %8.1f µs%n", found);
            System.out.printf(Locale.ROOT, "  progress counters update (scan_job)      %8.1f µs%n", progress);
            System.out.printf(Locale.ROOT, "  listen batch, 1 meter + 2 receivers      %8.1f µs%n", save);
        }
    }

    private static ScannedMeter meter(int i) {
        return new ScannedMeter(String.format(Locale.ROOT, "%08d.2C2D.07.07", i), true, String.format(Locale.ROOT, "%08d", i),
                "KAM", 7, 7, "Water", 0);
    }

    private interface Op {
        void run(int i) throws Exception;
    }

    /** Mean µs of one op; the first quarter of the indices is a warm-up (found meters go to another scan). */
    private static double time(int n, Op op) throws Exception {
        int warm = n / 4;
        for (int i = 0; i < warm; i++) {
            op.run(n + i);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            op.run(i);
        }
        return (System.nanoTime() - t0) / 1000.0 / n;
    }
}
