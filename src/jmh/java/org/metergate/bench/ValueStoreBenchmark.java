package org.metergate.bench;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.metergate.bus.MeterAddress;
import org.metergate.bus.ReadoutResult;
import org.metergate.mbus.Bytes;
import org.metergate.mbus.DataCoding;
import org.metergate.mbus.DataRecord;
import org.metergate.mbus.Function;
import org.metergate.mbus.MbusValue;
import org.metergate.mbus.MeterReadout;
import org.metergate.mbus.TelegramDecoder;
import org.metergate.mbus.TelegramEncoder;
import org.metergate.meters.ReadoutRecorder;
import org.metergate.store.Database;
import org.metergate.store.DatabaseSettings;
import org.metergate.store.ReadoutRepository;
import org.metergate.store.SeriesPage;
import org.metergate.store.SeriesQuery;
import org.metergate.store.SeriesValue;
import org.metergate.store.StoredReadout;

/**
 * The value store on embedded Derby (issue 5 "Performance"): generates {@code days} of 15-minute
 * readouts of {@code meters} meters with 20 decoded values each (real telegrams, encoded and decoded),
 * stores each bus cycle with {@link ReadoutRepository#storeAll} (one transaction per cycle), and reports
 * <ul>
 *   <li>ingest: decoded values per second for mapping ({@link ReadoutRecorder#toStored}) + storing;</li>
 *   <li>bytes per value: growth of the Derby directory over the generated data / values stored;</li>
 *   <li>queries after reopening the database: latest values of all meters, and one meter's whole
 *       series (all its values over the generated days) and one quantity of it.</li>
 * </ul>
 * Arguments: {@code dir days [meters]}; {@code dir} must not exist (it is created).
 *
 * <pre>./mvnw -B -P bench compile exec:exec -Dbench.main=org.metergate.bench.ValueStoreBenchmark -Dbench.args="/tmp/vs 7"</pre>
 */
public final class ValueStoreBenchmark {

    private static final int PER_DAY = 96;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int days = Integer.parseInt(args[1]);
        int meters = args.length > 2 ? Integer.parseInt(args[2]) : 512;
        if (Files.exists(dir)) {
            throw new IllegalArgumentException(dir + " exists; give a new directory");
        }
        DatabaseSettings settings = new DatabaseSettings(DatabaseSettings.derbyUrl(dir.resolve("db")), "", "", 4);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        long values = 0;
        long readouts = 0;
        long storeNanos = 0;
        long sizeEmpty;
        long sizeDayOne = -1;
        long valuesDayOne = 0;
        try (Database db = Database.open(settings)) {
            ReadoutRepository repo = new ReadoutRepository(db);
            sizeEmpty = db.sizeBytes();
            for (int day = 0; day < days; day++) {
                long dayNanos = 0;
                long dayValues = 0;
                for (int q = 0; q < PER_DAY; q++) {
                    int cycle = day * PER_DAY + q;
                    Instant at = start.plus(Duration.ofMinutes(15L * cycle));
                    List<ReadoutResult> results = new ArrayList<>(meters);
                    for (int m = 0; m < meters; m++) {
                        byte[] frame = telegram(m, cycle, at);
                        MeterReadout readout = MeterReadout.merge(List.of(TelegramDecoder.decode(frame)));
                        results.add(new ReadoutResult(new MeterAddress.Primary(1 + m % 250), ReadoutResult.Status.OK,
                                List.of(frame), readout, null, 1, at.plusMillis(150L * m), Duration.ofMillis(140)));
                    }
                    long t0 = System.nanoTime();
                    List<StoredReadout> cycleReadouts = new ArrayList<>(meters);
                    for (int m = 0; m < meters; m++) {
                        cycleReadouts.add(ReadoutRecorder.toStored(m + 1, results.get(m)));
                    }
                    repo.storeAll(cycleReadouts);
                    long dt = System.nanoTime() - t0;
                    dayNanos += dt;
                    for (StoredReadout r : cycleReadouts) {
                        dayValues += r.values().size();
                    }
                    readouts += meters;
                }
                storeNanos += dayNanos;
                values += dayValues;
                System.out.printf(Locale.ROOT, "day %d: %,d values in %.1f s = %,.0f values/s (store+map, %d readouts per transaction)%n",
                        day + 1, dayValues, dayNanos / 1e9, dayValues / (dayNanos / 1e9), meters);
                if (day == 0) {
                    sizeDayOne = db.sizeBytes();
                    valuesDayOne = values;
                }
            }
            long size = db.sizeBytes();
            System.out.printf(Locale.ROOT, "ingest: %,d readouts, %,d values in %.1f s = %,.0f values/s%n", readouts, values,
                    storeNanos / 1e9, values / (storeNanos / 1e9));
            System.out.printf(Locale.ROOT, "size: empty %,d B; after day 1 %,d B (%.1f B/value); after %d days %,d B (%.1f B/value overall",
                    sizeEmpty, sizeDayOne, (sizeDayOne - sizeEmpty) / (double) valuesDayOne, days, size,
                    (size - sizeEmpty) / (double) values);
            if (days > 1) {
                System.out.printf(Locale.ROOT, ", %.1f B/value for days 2..%d", (size - sizeDayOne) / (double) (values - valuesDayOne), days);
            }
            System.out.println(")");
        }
        // queries on a freshly opened database: Derby's page cache and our series cache start empty
        try (Database db = Database.open(settings)) {
            ReadoutRepository repo = new ReadoutRepository(db);
            long w0 = System.nanoTime();
            repo.warmUp();
            System.out.printf(Locale.ROOT, "warm-up (load all series into memory, as at gateway start): %.0f ms%n",
                    (System.nanoTime() - w0) / 1e6);
            Instant from = start;
            Instant to = start.plus(Duration.ofDays(days));
            for (int run = 1; run <= 6; run++) {
                long meter = 1 + (run * 97L) % meters;
                long t0 = System.nanoTime();
                List<SeriesValue> latest = repo.latestValues();
                long t1 = System.nanoTime();
                SeriesPage all = repo.series(new SeriesQuery(meter, null, null, from, to, 0, SeriesQuery.MAX_PAGE_SIZE));
                long t2 = System.nanoTime();
                SeriesPage energy = repo.series(new SeriesQuery(meter, "Energy", null, from, to, 0, SeriesQuery.MAX_PAGE_SIZE));
                long t3 = System.nanoTime();
                long seriesId = all.values().get(0).seriesId();
                SeriesPage one = repo.series(new SeriesQuery(meter, null, seriesId, from, to, 0, SeriesQuery.MAX_PAGE_SIZE));
                long t4 = System.nanoTime();
                System.out.printf(Locale.ROOT, "run %d%s: latest values of all meters: %,d values in %.0f ms; meter %d over %d days:"
                        + " all series %,d values in %.0f ms, quantity Energy (6 series) %,d values in %.0f ms,"
                        + " one series %,d values in %.0f ms%n", run, run == 1 ? " (cold: JVM, Derby caches, statements)" : "",
                        latest.size(), (t1 - t0) / 1e6, meter, days, all.values().size(), (t2 - t1) / 1e6,
                        energy.values().size(), (t3 - t2) / 1e6, one.values().size(), (t4 - t3) / 1e6);
            }
        }
    }

    private static final Bytes VIF_ENERGY_KWH = Bytes.ofHex("06");
    private static final Bytes VIF_VOLUME_L = Bytes.ofHex("13");
    private static final Bytes VIF_POWER_W = Bytes.ofHex("2B");
    private static final Bytes VIF_FLOW_LH = Bytes.ofHex("3B");
    private static final Bytes VIF_FLOW_TEMP = Bytes.ofHex("5A"); // 0.1 °C
    private static final Bytes VIF_RETURN_TEMP = Bytes.ofHex("5E");
    private static final Bytes VIF_TEMP_DIFF = Bytes.ofHex("61"); // 0.01 K
    private static final Bytes VIF_DATETIME = Bytes.ofHex("6D");
    private static final Bytes VIF_DATE = Bytes.ofHex("6C");
    private static final Bytes VIF_ON_TIME_H = Bytes.ofHex("22");
    private static final Bytes VIF_FABRICATION = Bytes.ofHex("78");

    /** A heat meter's telegram with 20 records whose values move with time. */
    static byte[] telegram(int meter, int cycle, Instant at) {
        long energy = 10_000L + meter * 137L + cycle * (3L + meter % 5);
        long volume = 500_000L + meter * 1_001L + cycle * (11L + meter % 7);
        int power = 1_000 + (cycle * 37 + meter * 13) % 9_000;
        int flow = 100 + (cycle * 17 + meter) % 900;
        int tf = 550 + (cycle + meter) % 200;
        int tr = 350 + (cycle * 3 + meter) % 150;
        java.time.LocalDateTime t = java.time.LocalDateTime.ofInstant(at, java.time.ZoneOffset.UTC);
        List<DataRecord> r = new ArrayList<>(20);
        r.add(rec(Function.INSTANTANEOUS, 0, 0, 0, DataCoding.INT32, VIF_ENERGY_KWH, energy));
        r.add(rec(Function.INSTANTANEOUS, 0, 0, 0, DataCoding.BCD8, VIF_VOLUME_L, volume));
        r.add(rec(Function.INSTANTANEOUS, 0, 0, 0, DataCoding.INT24, VIF_POWER_W, power));
        r.add(rec(Function.INSTANTANEOUS, 0, 0, 0, DataCoding.INT24, VIF_FLOW_LH, flow));
        r.add(recScaled(Function.INSTANTANEOUS, 0, 0, 0, DataCoding.INT16, VIF_FLOW_TEMP, tf, 1));
        r.add(recScaled(Function.INSTANTANEOUS, 0, 0, 0, DataCoding.INT16, VIF_RETURN_TEMP, tr, 1));
        r.add(recScaled(Function.INSTANTANEOUS, 0, 0, 0, DataCoding.INT16, VIF_TEMP_DIFF, (tf - tr) * 10L, 2));
        r.add(DataRecord.of(Function.INSTANTANEOUS, 0, 0, 0, DataCoding.INT32, VIF_DATETIME,
                new MbusValue.DateTime(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), -1, false, false)));
        r.add(rec(Function.INSTANTANEOUS, 0, 0, 0, DataCoding.INT32, VIF_ON_TIME_H, 20_000 + cycle / 4));
        r.add(rec(Function.MAXIMUM, 0, 0, 0, DataCoding.INT24, VIF_POWER_W, 9_000 + meter));
        r.add(rec(Function.INSTANTANEOUS, 0, 1, 0, DataCoding.INT32, VIF_ENERGY_KWH, energy * 2 / 3));
        r.add(rec(Function.INSTANTANEOUS, 0, 2, 0, DataCoding.INT32, VIF_ENERGY_KWH, energy / 3));
        for (int s = 1; s <= 3; s++) {
            long monthly = Math.max(0, energy - s * 2_000L);
            r.add(rec(Function.INSTANTANEOUS, s, 0, 0, DataCoding.INT32, VIF_ENERGY_KWH, monthly));
            r.add(rec(Function.INSTANTANEOUS, s, 0, 0, DataCoding.BCD8, VIF_VOLUME_L, Math.max(0, volume - s * 40_000L)));
        }
        r.add(DataRecord.of(Function.INSTANTANEOUS, 1, 0, 0, DataCoding.INT16, VIF_DATE, new MbusValue.Date(2025, 12, 1)));
        r.add(rec(Function.INSTANTANEOUS, 0, 0, 0, DataCoding.BCD8, VIF_FABRICATION, 24_000_000L + meter));
        String id = String.format(Locale.ROOT, "%08d", 30_000_000 + meter);
        return TelegramEncoder.rspUd(1 + meter % 250, TelegramEncoder.header(id, "ABB", 1, 4, cycle & 0xFF, 0), r);
    }

    /** {@code v} in the VIF's own step (kWh, litres, l/h, W ...); the encoder wants it in the SI unit. */
    private static DataRecord rec(Function f, long storage, int tariff, int subunit, DataCoding c, Bytes vib, long v) {
        if (vib == VIF_ON_TIME_H) {
            v *= 3600; // seconds
        }
        int scale = vib == VIF_ENERGY_KWH ? -3 : vib == VIF_VOLUME_L || vib == VIF_FLOW_LH ? 3 : 0;
        return DataRecord.of(f, storage, tariff, subunit, c, vib, new MbusValue.Numeric(BigDecimal.valueOf(v, scale)));
    }

    private static DataRecord recScaled(Function f, long storage, int tariff, int subunit, DataCoding c, Bytes vib, long unscaled,
            int scale) {
        return DataRecord.of(f, storage, tariff, subunit, c, vib, new MbusValue.Numeric(BigDecimal.valueOf(unscaled, scale)));
    }

    static String describe(byte[] frame) {
        return Arrays.toString(frame);
    }
}
