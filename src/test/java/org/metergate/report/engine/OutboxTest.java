package org.metergate.report.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.report.ReportFile;
import org.metergate.report.ReportPeriod;
import org.metergate.report.ValueInterval;
import org.metergate.store.Database;
import org.metergate.store.DatabaseSettings;
import org.metergate.testing.TestDatabases;

/** The outbox's rules on Derby on disk and, when configured, on PostgreSQL (same SQL). */
class OutboxTest {

    private static final Instant T = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path dir;
    private Database db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private Outbox derby() {
        db = TestDatabases.derby(dir);
        return new Outbox(db, Clock.fixed(T, ZoneOffset.UTC));
    }

    private static Outbox.NewEntry entry(String key, Instant from, Instant to) {
        return new Outbox.NewEntry(key, new ReportPeriod(from, to), 0, 3101, ValueInterval.ALL, Map.of());
    }

    @Test
    void derbyKeepsTheRules() {
        rules(derby());
    }

    @Test
    void postgresqlKeepsTheRules() throws Exception {
        Optional<DatabaseSettings> pg = TestDatabases.postgresql();
        Assumptions.assumeTrue(pg.isPresent(), "set " + TestDatabases.PG_URL + " to run on PostgreSQL");
        db = TestDatabases.freshPostgresql(pg.get());
        rules(new Outbox(db, Clock.fixed(T, ZoneOffset.UTC)));
    }

    private void rules(Outbox outbox) {
        Instant a = T.minus(Duration.ofHours(2));
        Instant b = T.minus(Duration.ofHours(1));
        // idempotent: the same report and period is created once
        OutboxEntry first = outbox.create(entry("1", a, b), true).orElseThrow();
        assertThat(outbox.create(entry("1", a, b), true)).isEmpty();
        assertThat(first.state()).isEqualTo(OutboxState.PENDING);

        // an attempt starts once; a failure waits for the retry
        assertThat(outbox.startAttempt(first.id())).isTrue();
        assertThat(outbox.startAttempt(first.id())).isFalse();
        assertThat(outbox.isSending("1")).isTrue();
        outbox.retrying(first.id(), "connection refused", T.plusSeconds(300));
        OutboxEntry retrying = outbox.find(first.id()).orElseThrow();
        assertThat(retrying.state()).isEqualTo(OutboxState.RETRYING);
        assertThat(retrying.attempts()).isEqualTo(1);
        assertThat(retrying.nextAttemptAt()).isEqualTo(T.plusSeconds(300));
        assertThat(retrying.lastError()).isEqualTo("connection refused");

        // a newer report supersedes it: it can never start another attempt
        OutboxEntry second = outbox.create(entry("1", a, T), true).orElseThrow();
        assertThat(outbox.find(first.id()).orElseThrow().state()).isEqualTo(OutboxState.SUPERSEDED);
        assertThat(outbox.startAttempt(first.id())).isFalse();
        // other reports are not touched
        OutboxEntry other = outbox.create(entry("2", a, b), true).orElseThrow();
        outbox.create(entry("1", b, T), true);
        assertThat(outbox.find(other.id()).orElseThrow().state()).isEqualTo(OutboxState.PENDING);

        // delivered: Auto continues at its end; send again makes a copy of the same period
        OutboxEntry third = outbox.ofReport("1", 1).get(0);
        assertThat(outbox.startAttempt(third.id())).isTrue();
        outbox.setFile(third.id(), new ReportFile(dir.resolve("f.csv"), "f.csv", "text/csv"));
        outbox.delivered(third.id());
        assertThat(outbox.lastDeliveredEnd("1")).contains(T);
        assertThat(outbox.lastDeliveredEnd("2")).isEmpty();
        assertThat(outbox.maxCopyNo("1", new ReportPeriod(b, T))).isZero();
        assertThat(outbox.create(new Outbox.NewEntry("1", new ReportPeriod(b, T), 1, 3101, ValueInterval.ALL, Map.of("k", "v")), false))
                .hasValueSatisfying(c -> assertThat(c.event()).containsEntry("k", "v"));
        assertThat(outbox.find(second.id()).orElseThrow().state()).isEqualTo(OutboxState.SUPERSEDED);

        // after a crash: SENDING and RETRYING go back to PENDING; FAILED and finished ones stay
        OutboxEntry copy = outbox.ofReport("1", 1).get(0);
        assertThat(outbox.startAttempt(copy.id())).isTrue();
        assertThat(outbox.startAttempt(other.id())).isTrue();
        outbox.failed(other.id(), "gave up");
        List<OutboxEntry> resumed = outbox.resumeUnfinished();
        assertThat(resumed).extracting(OutboxEntry::id).containsExactly(copy.id());
        assertThat(outbox.find(other.id()).orElseThrow().state()).isEqualTo(OutboxState.FAILED);

        // pruning keeps each report's newest delivered row
        assertThat(outbox.finishedWithFilesBefore(T.plusSeconds(1))).extracting(OutboxEntry::id).containsExactly(third.id());
        outbox.prune(T.plusSeconds(1));
        assertThat(outbox.find(third.id())).isPresent();
        assertThat(outbox.find(first.id())).isEmpty();
        assertThat(outbox.find(other.id())).isEmpty();
        assertThat(outbox.lastDeliveredEnd("1")).contains(T);
    }
}
