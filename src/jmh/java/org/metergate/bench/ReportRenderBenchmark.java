package org.metergate.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.metergate.bus.MeterAddress;
import org.metergate.bus.ReadoutResult;
import org.metergate.config.GatewayConfig;
import org.metergate.mbus.MeterReadout;
import org.metergate.mbus.TelegramDecoder;
import org.metergate.meters.AddressingMode;
import org.metergate.meters.MeterRepository;
import org.metergate.meters.MeterSettings;
import org.metergate.meters.ReadoutRecorder;
import org.metergate.report.RenderRequest;
import org.metergate.report.ReportConventions;
import org.metergate.report.ReportFile;
import org.metergate.report.ReportIdentity;
import org.metergate.report.ReportPeriod;
import org.metergate.report.TemplateCatalog;
import org.metergate.report.TemplateReportRenderer;
import org.metergate.report.ValueInterval;
import org.metergate.store.Cursor;
import org.metergate.store.Database;
import org.metergate.store.DatabaseSettings;
import org.metergate.store.Jdbc;
import org.metergate.store.ReadoutRepository;
import org.metergate.store.ScannedReadout;
import org.metergate.store.StoredReadout;
import org.metergate.store.ValueScan;

/**
 * Issue 6 "Performance": rendering the x101 value report of 512 meters × 180 readout cycles (20 values
 * per readout, 1.8 M values) against a plain JDBC scan of the same rows, in one run, in a JVM limited to
 * {@code -Xmx256m}. Goal: render time ≤ 2 × scan time, and it fits the heap (it streams).
 *
 * <p>The database is generated once (real telegrams, encoded, decoded, mapped and stored as the gateway
 * does, one transaction per 512-meter cycle) into {@code target/bench-report/<meters>x<cycles>} and reused.
 * Then, in alternating rounds: the plain scan (per meter: the period's readout ids from the index, their
 * value blocks by id lists, every packed value parsed to BigDecimal — the least work that reads all
 * values), {@link ValueScan} alone, and the full x101 rendering to a file.
 *
 * <pre>./mvnw -B -P bench compile exec:exec -Dbench.jvm=-Xmx256m -Dbench.main=org.metergate.bench.ReportRenderBenchmark -Dbench.args="512 180 3"</pre>
 */
public final class ReportRenderBenchmark {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    public static void main(String[] args) throws Exception {
        int meters = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 180;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.printf(Locale.ROOT, "max heap %d MB (run with -Dbench.jvm=-Xmx256m), %d cores%n",
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        Path dir = Path.of("target", "bench-report", meters + "x" + cycles);
        DatabaseSettings settings = new DatabaseSettings(DatabaseSettings.derbyUrl(dir.resolve("db")), "", "", 4);
        if (!Files.exists(dir.resolve("complete"))) {
            generate(settings, dir, meters, cycles);
        }
        Instant to = START.plus(Duration.ofMinutes(15L * cycles));
        ReportPeriod period = new ReportPeriod(START, to);
        Path out = Files.createDirectories(dir.resolve("out"));
        try (Database db = Database.open(settings)) {
            MeterRepository meterRepo = new MeterRepository(db);
            GatewayConfig config = GatewayConfig.of(Map.of("metergate.report.time-zone", "UTC"));
            TemplateReportRenderer renderer = new TemplateReportRenderer(new TemplateCatalog(Path.of("templates")),
                    ReportConventions.from(config), ReportIdentity.from(config,
                            new org.metergate.GatewayIdentity("1A2B3C4D", "bench", java.nio.file.Path.of("data"), java.time.Instant.now())),
                    new ValueScan(db), meterRepo::all, q -> {
                        throw new UnsupportedOperationException("no log in this benchmark");
                    });
            for (int round = 1; round <= rounds; round++) {
                // wall time, and this thread's CPU time (embedded Derby runs in the calling thread): on a shared
                // machine the CPU time is the steadier measure; GC threads are not in it (the heap is the same for both)
                long c0 = cpu();
                long t0 = System.nanoTime();
                long[] plain = plainScan(db, meters, period);
                long t1 = System.nanoTime();
                long c1 = cpu();
                long scanned = valueScan(db, period);
                long t2 = System.nanoTime();
                long c2 = cpu();
                ReportFile f = renderer.render(new RenderRequest(2101, 1, period, ValueInterval.ALL, to, Map.of()), out);
                long t3 = System.nanoTime();
                long c3 = cpu();
                long rows = countLines(f.path()) - 1;
                if (rows != plain[0] || scanned != plain[0]) {
                    throw new IllegalStateException("value counts differ: plain " + plain[0] + ", scan " + scanned + ", report rows " + rows);
                }
                double plainS = (t1 - t0) / 1e9;
                double scanS = (t2 - t1) / 1e9;
                double renderS = (t3 - t2) / 1e9;
                System.out.printf(Locale.ROOT, "round %d: %,d values (%,d readouts, %,d bytes of CSV); wall: plain JDBC scan %.2f s,"
                        + " ValueScan %.2f s, x101 render %.2f s, render / plain = %.2f; CPU: plain %.2f s, ValueScan %.2f s,"
                        + " render %.2f s, render / plain = %.2f%n", round, plain[0], plain[1], Files.size(f.path()),
                        plainS, scanS, renderS, renderS / plainS, (c1 - c0) / 1e9, (c2 - c1) / 1e9, (c3 - c2) / 1e9,
                        (c3 - c2) / (double) (c1 - c0));
                Files.delete(f.path());
            }
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf(Locale.ROOT, "peak heap used (sum of pool peaks) %d MB of max %d MB%n", peak >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** Installs the meters, then stores {@code cycles} 15-minute cycles of readouts, one transaction per cycle. */
    private static void generate(DatabaseSettings settings, Path dir, int meters, int cycles) throws Exception {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        long values = 0;
        try (Database db = Database.open(settings)) {
            MeterRepository meterRepo = new MeterRepository(db);
            List<MeterSettings> list = new ArrayList<>(meters);
            for (int m = 0; m < meters; m++) {
                list.add(new MeterSettings("House " + (m / 16 + 1) + ", flat " + (m % 16 + 1), AddressingMode.SECONDARY, null,
                        String.format(Locale.ROOT, "%08d", 30_000_000 + m), "ABB", 1, 4, null, null, "bus1", 2400, true, false, 1,
                        null, null, null, null));
            }
            List<Long> ids = meterRepo.insertAll(list, false, START).stream().map(x -> x.id()).toList();
            ReadoutRepository repo = new ReadoutRepository(db);
            for (int cycle = 0; cycle < cycles; cycle++) {
                Instant at = START.plus(Duration.ofMinutes(15L * cycle));
                List<StoredReadout> batch = new ArrayList<>(meters);
                for (int m = 0; m < meters; m++) {
                    byte[] frame = ValueStoreBenchmark.telegram(m, cycle, at);
                    MeterReadout readout = MeterReadout.merge(List.of(TelegramDecoder.decode(frame)));
                    StoredReadout r = ReadoutRecorder.toStored(ids.get(m), new ReadoutResult(new MeterAddress.Primary(1 + m % 250),
                            ReadoutResult.Status.OK, List.of(frame), readout, null, 1, at.plusMillis(150L * m), Duration.ofMillis(140)));
                    values += r.values().size();
                    batch.add(r);
                }
                repo.storeAll(batch);
            }
        }
        Files.writeString(dir.resolve("complete"), values + " values\n");
        System.out.printf(Locale.ROOT, "generated %d meters x %d cycles = %,d values in %.1f s into %s%n", meters, cycles, values,
                (System.nanoTime() - t0) / 1e9, dir);
    }

    private static final int IN_LIST = 100;
    private static final String BLOCKS = "SELECT readout_id, vals FROM readout_block WHERE readout_id IN ("
            + "?, ".repeat(IN_LIST - 1) + "?) AND vals IS NOT NULL ORDER BY readout_id, seq";

    /** The same rows by plain JDBC: per meter, readout ids and times, value blocks by id lists, every value parsed. Returns {values, readouts}. */
    private static long[] plainScan(Database db, int meters, ReportPeriod period) throws Exception {
        long values = 0;
        long readouts = 0;
        BigDecimal sum = BigDecimal.ZERO;
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ids = c.prepareStatement("SELECT id, created_at FROM readout WHERE meter_id = ?"
                    + " AND created_at >= ? AND created_at < ? ORDER BY created_at, id");
                 PreparedStatement blocks = c.prepareStatement(BLOCKS)) {
                ids.setFetchSize(500);
                long[] batch = new long[IN_LIST];
                Instant[] times = new Instant[IN_LIST];
                for (long meter = 1; meter <= meters; meter++) {
                    ids.setLong(1, meter);
                    Jdbc.setInstant(ids, 2, period.from());
                    Jdbc.setInstant(ids, 3, period.to());
                    try (ResultSet rs = ids.executeQuery()) {
                        boolean more = true;
                        while (more) {
                            int n = 0;
                            while (n < IN_LIST && (more = rs.next())) {
                                batch[n] = rs.getLong(1);
                                times[n] = Jdbc.getInstant(rs, "created_at");
                                n++;
                            }
                            if (n == 0) {
                                break;
                            }
                            readouts += n;
                            for (int i = 0; i < IN_LIST; i++) {
                                blocks.setLong(i + 1, batch[Math.min(i, n - 1)]);
                            }
                            try (ResultSet b = blocks.executeQuery()) {
                                while (b.next()) {
                                    b.getLong(1);
                                    String vals = b.getString(2);
                                    int i = 0;
                                    while (i < vals.length()) {
                                        int end = vals.indexOf(';', i);
                                        if (end < 0) {
                                            end = vals.length();
                                        }
                                        int j = i;
                                        while (Character.isDigit(vals.charAt(j))) {
                                            j++;
                                        }
                                        if (vals.charAt(j) == '=') {
                                            BigDecimal v = new BigDecimal(vals.substring(j + 1, end));
                                            if (values % 1000 == 0) {
                                                sum = sum.add(v);
                                            }
                                        }
                                        values++;
                                        i = end + 1;
                                    }
                                }
                            }
                        }
                    }
                }
            }
            c.rollback();
            c.setAutoCommit(true);
        }
        if (sum.signum() < 0) {
            System.out.println(sum); // keeps the parsing observable
        }
        return new long[] {values, readouts};
    }

    private static long valueScan(Database db, ReportPeriod period) {
        long n = 0;
        try (Cursor<ScannedReadout> c = new ValueScan(db).open(null, period.from(), period.to())) {
            while (c.hasNext()) {
                n += c.next().values().size();
            }
        }
        return n;
    }

    private static long countLines(Path p) throws Exception {
        long n = 0;
        byte[] buf = new byte[1 << 16];
        try (var in = Files.newInputStream(p)) {
            int r;
            while ((r = in.read(buf)) > 0) {
                for (int i = 0; i < r; i++) {
                    if (buf[i] == '\n') {
                        n++;
                    }
                }
            }
        }
        return n;
    }
}
