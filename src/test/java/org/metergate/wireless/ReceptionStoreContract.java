package org.metergate.wireless;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metergate.meters.AddressingMode;
import org.metergate.meters.MeterRepository;
import org.metergate.meters.MeterSettings;
import org.metergate.receiver.Reception;
import org.metergate.store.Database;

/** The reception table under concurrent receiver groups, on each engine (Derby and PostgreSQL subclasses). */
abstract class ReceptionStoreContract {

    protected Database db;
    private ReceptionRepository receptions;
    private long meterId;

    protected abstract Database open() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        db = open();
        receptions = new ReceptionRepository(db);
        meterId = new MeterRepository(db).insert(MeterSettings.of("wireless", AddressingMode.SECONDARY, "12345678",
                null, 2400), Instant.parse("2026-11-25T10:00:00Z")).id();
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void countsAndKeepsTheBestRssi() {
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        receptions.record(meterId, List.of(new Reception("stick-a", -80), new Reception("stick-b", null)), t0);
        receptions.record(meterId, List.of(new Reception("stick-a", -70)), t0.plusSeconds(60));
        receptions.record(meterId, List.of(new Reception("stick-a", -90)), t0.plusSeconds(120));
        ReceptionRepository.Row a = receptions.forMeter(meterId).stream()
                .filter(r -> r.receiverId().equals("stick-a")).findFirst().orElseThrow();
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.lastRssi()).isEqualTo(-90);
        assertThat(a.bestRssi()).isEqualTo(-70);
        assertThat(a.firstHeard()).isEqualTo(t0);
        assertThat(a.lastHeard()).isEqualTo(t0.plusSeconds(120));
        assertThat(receptions.forMeter(meterId)).hasSize(2);
    }

    @Test
    void aMeterDeletedMeanwhileIsReportedNotFailed() {
        assertThat(receptions.record(meterId + 1000, List.of(new Reception("stick-a", -80)), Instant.now())).isFalse();
        assertThat(receptions.record(meterId, List.of(new Reception("stick-a", -80)), Instant.now())).isTrue();
    }

    /**
     * Receiver groups record on their own threads; the first reception of a meter by a receiver can reach the
     * insert on two of them at once. Every reception must be counted and none may fail.
     */
    @Test
    void concurrentFirstReceptionsAreAllCounted() throws Exception {
        int threads = 4;
        int rounds = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < rounds; round++) {
                String receiver = "stick-" + round;
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int rssi = -60 - t;
                    done.add(pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        receptions.record(meterId, List.of(new Reception(receiver, rssi)), Instant.now());
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<ReceptionRepository.Row> rows = receptions.forMeter(meterId);
        assertThat(rows).hasSize(rounds);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.count()).isEqualTo(threads);
            assertThat(r.bestRssi()).isEqualTo(-60);
        });
    }
}
