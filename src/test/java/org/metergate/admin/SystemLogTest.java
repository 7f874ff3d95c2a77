package org.metergate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.store.Database;
import org.metergate.testing.MutableClock;
import org.metergate.testing.TestDatabases;

/** The system log on a real Derby database on disk. */
class SystemLogTest {

    @TempDir
    Path dir;

    private Database db;
    private SystemLogRepository repository;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private SystemLog log;

    @BeforeEach
    void open() {
        db = TestDatabases.derby(dir);
        repository = new SystemLogRepository(db);
        log = new SystemLog(repository, LogLevel.INFO, new FloodControl(Duration.ofMinutes(1)), clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private List<LogEntry> all() {
        List<LogEntry> out = new ArrayList<>();
        log.forEach(LogQuery.all(), out::add);
        return out;
    }

    @Test
    void floodOfOneMessageIsStoredOnceThenSummarisedThenWrittenAgain() {
        for (int i = 0; i < 50; i++) {
            log.warning("bus1", "No answer from meter 12345678");
            clock.advance(Duration.ofMillis(500));
        }
        assertThat(all()).hasSize(1);

        clock.advance(Duration.ofSeconds(40)); // the minute is over
        log.flush();
        log.warning("bus1", "No answer from meter 12345678");

        List<LogEntry> rows = all();
        assertThat(rows).extracting(LogEntry::message).containsExactly(
                "No answer from meter 12345678",
                "Previous message suppressed 49 times in the last minute: No answer from meter 12345678",
                "No answer from meter 12345678");
        assertThat(rows).extracting(LogEntry::level).containsOnly(LogLevel.WARNING);
    }

    @Test
    void summaryIsWrittenBeforeTheNextEntryEvenWithoutAFlushRun() {
        log.info("a", "x");
        log.info("a", "x");
        clock.advance(Duration.ofSeconds(61));
        log.info("b", "other");
        assertThat(all()).extracting(LogEntry::message)
                .containsExactly("x", "Previous message suppressed 1 time in the last minute: x", "other");
    }

    @Test
    void entriesBelowTheMinimumLevelAreNotStored() {
        log.setMinLevel(LogLevel.WARNING);
        log.debug("s", "debug");
        log.info("s", "info");
        log.warning("s", "warning");
        log.error("s", "error");
        assertThat(all()).extracting(LogEntry::message).containsExactly("warning", "error");
    }

    @Test
    void queryFiltersByLevelTimeRangeAndTextWithPaging() {
        log.info("bus", "readout done");
        clock.advance(Duration.ofHours(1));
        log.error("report", "SMTP server refused 50% of mails");
        clock.advance(Duration.ofHours(1));
        log.warning("bus", "collision on bus 1");
        Instant t1 = Instant.parse("2026-11-25T10:30:00Z");

        assertThat(log.find(new LogQuery(LogLevel.WARNING, null, null, null, 0, 10)).entries())
                .extracting(LogEntry::message).containsExactly("collision on bus 1", "SMTP server refused 50% of mails");
        assertThat(log.find(new LogQuery(null, t1, null, null, 0, 10)).total()).isEqualTo(2);
        assertThat(log.find(new LogQuery(null, null, t1, null, 0, 10)).entries())
                .extracting(LogEntry::message).containsExactly("readout done");
        assertThat(log.find(new LogQuery(null, null, null, "BUS", 0, 10)).total()).isEqualTo(2);
        // '%' in the search text is a literal, not a wildcard.
        assertThat(log.find(new LogQuery(null, null, null, "50%", 0, 10)).total()).isEqualTo(1);
        assertThat(log.find(new LogQuery(null, null, null, "5%m", 0, 10)).total()).isZero();

        LogPage second = log.find(new LogQuery(null, null, null, null, 1, 2));
        assertThat(second.total()).isEqualTo(3);
        assertThat(second.entries()).extracting(LogEntry::message).containsExactly("readout done");
    }

    @Test
    void retentionDeletesRowsOlderThanTheMaximumAge() {
        log.info("s", "old");
        clock.advance(Duration.ofDays(32));
        log.info("s", "new");
        LogRetention retention = new LogRetention(repository, Duration.ofDays(31), 100L * 1024 * 1024, clock);
        assertThat(retention.run()).isEqualTo(new LogRetention.Result(1, 0));
        assertThat(all()).extracting(LogEntry::message).containsExactly("new");
    }

    @Test
    void retentionTrimsTheOldestRowsWhenTheSizeCapIsExceeded() {
        String text = "x".repeat(936); // with the row overhead, 1000 bytes a row
        for (int i = 0; i < 100; i++) {
            repository.insert(clock.instant(), LogLevel.INFO, "s", i + " " + text);
        }
        long size = repository.estimatedSize();
        assertThat(size).isBetween(100_000L, 101_000L);

        LogRetention retention = new LogRetention(repository, Duration.ofDays(31), 50_000, clock);
        LogRetention.Result r = retention.run();

        assertThat(r.deletedByAge()).isZero();
        assertThat(repository.estimatedSize()).isLessThanOrEqualTo(50_000);
        assertThat(repository.estimatedSize()).isGreaterThan(40_000); // trimmed to ~90 %, not emptied
        List<LogEntry> rows = all();
        assertThat(rows.get(rows.size() - 1).message()).startsWith("99 "); // newest kept
        assertThat(rows.get(0).message()).doesNotStartWith("0 ");        // oldest went
        assertThat(retention.run().deletedBySize()).isZero();
    }

    @Test
    void overlongTextIsTruncatedNotRejected() {
        log.info("s".repeat(300), "m".repeat(10_000));
        LogEntry e = all().get(0);
        assertThat(e.source()).hasSize(SystemLogRepository.MAX_SOURCE);
        assertThat(e.message()).hasSize(SystemLogRepository.MAX_MESSAGE).endsWith("…");
    }
}
