package org.metergate.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ValueScan} on each engine (Derby and PostgreSQL subclasses): order, period bounds, exactness, batching. */
abstract class ValueScanContract {

    protected Database db;
    private ReadoutRepository repo;
    private ValueScan scan;
    private final Instant t0 = Instant.parse("2026-11-25T00:00:00Z");
    private final SeriesKey energy = SeriesKey.current("Energy", "Wh");
    private final SeriesKey volume = SeriesKey.current("Volume", "m^3");
    private final SeriesKey date = SeriesKey.current("Time point", "");

    protected abstract Database open() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        db = open();
        repo = new ReadoutRepository(db);
        scan = new ValueScan(db);
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    private StoredReadout readout(long meter, Instant at, List<ValueRow> values) {
        return new StoredReadout(meter, at, "ok", null, 0, 1, 10, List.of(new byte[] {0x68, 3, 3, 0x68, 8, 1, 0x72, 0x7B, 0x16}), values);
    }

    private static List<ScannedReadout> all(Cursor<ScannedReadout> c) {
        List<ScannedReadout> out = new ArrayList<>();
        try (c) {
            c.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void streamsEveryValueMeterByMeterThenByTimeWithinThePeriod() {
        // written interleaved and out of meter order, as bus cycles write them
        for (int i = 0; i < 5; i++) {
            for (long meter : new long[] {3, 1, 2}) {
                repo.store(readout(meter, t0.plus(Duration.ofMinutes(15L * i)), List.of(
                        ValueRow.number(energy, meter * 1000 + i, 3),
                        ValueRow.number(volume, new BigDecimal("12.340")),
                        ValueRow.text(date, "2026-11-25T00:" + i + "; 100%"))));
            }
        }
        repo.store(new StoredReadout(2, t0.plusSeconds(60), "no_answer", "timeout", null, null, 5, List.of(), List.of()));

        List<ScannedReadout> rs = all(scan.open(null, t0.plus(Duration.ofMinutes(15)), t0.plus(Duration.ofMinutes(60))));

        assertThat(rs).extracting(ScannedReadout::meterId).containsExactly(1L, 1L, 1L, 2L, 2L, 2L, 3L, 3L, 3L);
        assertThat(rs.subList(0, 3)).extracting(ScannedReadout::createdAt).containsExactly(
                t0.plus(Duration.ofMinutes(15)), t0.plus(Duration.ofMinutes(30)), t0.plus(Duration.ofMinutes(45)));
        ScannedReadout first = rs.get(0);
        assertThat(first.values()).hasSize(3);
        assertThat(first.values().get(0).number()).isEqualTo(new BigDecimal("1.001"));
        assertThat(first.values().get(1).number().toString()).isEqualTo("12.340"); // scale kept
        assertThat(first.values().get(2).text()).isEqualTo("2026-11-25T00:1; 100%");
        assertThat(first.values()).allSatisfy(v -> {
            assertThat(v.timestamp()).isEqualTo(first.createdAt());
            assertThat(v.readoutId()).isEqualTo(first.readoutId());
            assertThat(v.meterId()).isEqualTo(1L);
        });
        assertThat(first.values().get(0).series()).isEqualTo(energy);
    }

    @Test
    void givenMetersOnlyAndEmptyPeriods() {
        for (long meter = 1; meter <= 4; meter++) {
            repo.store(readout(meter, t0, List.of(ValueRow.number(energy, meter, 0))));
        }
        assertThat(all(scan.open(List.of(4L, 2L), t0, t0.plusSeconds(1)))).extracting(ScannedReadout::meterId).containsExactly(2L, 4L);
        assertThat(all(scan.open(null, t0, t0))).isEmpty();
        assertThat(all(scan.open(List.of(99L), t0, t0.plusSeconds(1)))).isEmpty();
        assertThat(scan.metersWithReadouts()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void moreReadoutsThanOneBatchAndReadoutsSpanningSeveralBlocks() {
        int n = ValueScan.BATCH * 2 + 7;
        List<StoredReadout> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<ValueRow> values = new ArrayList<>();
            int count = i == 5 ? 300 : 2; // 300 values need several 2000-character blocks
            for (int k = 0; k < count; k++) {
                values.add(ValueRow.number(new SeriesKey("Energy", "Wh", "instantaneous", k, 0, 0, ""), i * 1_000_000L + k, 0));
            }
            batch.add(readout(7, t0.plusSeconds(60L * i), values));
        }
        repo.storeAll(batch);
        List<ScannedReadout> rs = all(scan.open(null, t0, t0.plus(Duration.ofDays(1))));
        assertThat(rs).hasSize(n);
        assertThat(rs.get(5).values()).hasSize(300);
        assertThat(rs.get(5).values().get(299).number()).isEqualTo(BigDecimal.valueOf(5_000_299));
        assertThat(rs.get(n - 1).values().get(1).number()).isEqualTo(BigDecimal.valueOf((n - 1) * 1_000_000L + 1));
        for (int i = 1; i < n; i++) {
            assertThat(rs.get(i).createdAt()).isAfter(rs.get(i - 1).createdAt());
        }
    }

    @Test
    void closingEarlyReturnsTheConnectionAndSeriesCreatedMeanwhileAreFound() throws Exception {
        repo.store(readout(1, t0, List.of(ValueRow.number(energy, 1, 0))));
        repo.store(readout(2, t0, List.of(ValueRow.number(energy, 2, 0))));
        for (int i = 0; i < 20; i++) { // more than the pool: each cursor must give its connection back
            try (Cursor<ScannedReadout> c = scan.open(null, t0, t0.plusSeconds(1))) {
                assertThat(c.next().meterId()).isEqualTo(1L);
            }
        }
        try (Connection c = db.connection()) {
            assertThat(c.getAutoCommit()).isTrue();
        }
        // a series first stored after the scan loaded meter 3's series
        repo.store(readout(3, t0, List.of(ValueRow.number(energy, 3, 0))));
        try (Cursor<ScannedReadout> c = scan.open(List.of(3L), t0, t0.plusSeconds(120))) {
            repo.store(readout(3, t0.plusSeconds(60), List.of(ValueRow.number(energy, 4, 0), ValueRow.number(volume, 5, 0))));
            List<ScannedReadout> rs = new ArrayList<>();
            c.forEachRemaining(rs::add);
            assertThat(rs).hasSize(2);
            assertThat(rs.get(1).values()).extracting(v -> v.series().quantity()).containsExactly("Energy", "Volume");
        }
    }

    @Test
    void latestReadoutsCarryTheTelegramsOfTheLatestReadoutWithValues() {
        repo.store(readout(1, t0, List.of(ValueRow.number(energy, 1, 0))).withStatus(0x04));
        repo.store(new StoredReadout(1, t0.plusSeconds(60), "no_answer", "timeout", null, null, 5, List.of(), List.of()));
        var latest = scan.latestReadouts().get(1L);
        assertThat(latest.status()).isEqualTo("no_answer");
        assertThat(latest.createdAt()).isEqualTo(t0.plusSeconds(60));
        assertThat(latest.statusByte()).isEqualTo(0x04);
        assertThat(latest.telegramsAt()).isEqualTo(t0);
        assertThat(latest.telegrams()).singleElement().satisfies(f -> assertThat(f).hasSize(9));
    }
}
