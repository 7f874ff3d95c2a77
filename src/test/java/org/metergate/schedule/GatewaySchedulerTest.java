package org.metergate.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.metergate.schedule.Fires.STOCKHOLM;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Quartz scheduler. Quartz runs on the system clock, so the re-arming logic is driven by a
 * fake schedule that fires every few hundred milliseconds; a real cron schedule is checked through
 * its next fire time.
 */
class GatewaySchedulerTest {

    /** Fires every {@code interval} after the previous time; {@code null} interval = never. */
    private record Every(Duration interval) implements Schedule {
        @Override
        public Optional<ZonedDateTime> next(ZonedDateTime after) {
            return interval == null ? Optional.empty() : Optional.of(after.plus(interval));
        }

        @Override
        public String expression() {
            return interval == null ? "never" : "every " + interval.toMillis() + " ms";
        }

        @Override
        public String resolvedExpression() {
            return expression();
        }

        @Override
        public ZoneId zone() {
            return STOCKHOLM;
        }
    }

    /** Fires on the multiples of {@code period} since the epoch, like a cron schedule does on whole minutes. */
    private record Grid(Duration period) implements Schedule {
        @Override
        public Optional<ZonedDateTime> next(ZonedDateTime after) {
            long p = period.toMillis();
            long t = Math.floorDiv(after.toInstant().toEpochMilli(), p) * p + p;
            return Optional.of(Instant.ofEpochMilli(t).atZone(zone()));
        }

        @Override
        public String expression() {
            return "grid " + period.toMillis() + " ms";
        }

        @Override
        public String resolvedExpression() {
            return expression();
        }

        @Override
        public ZoneId zone() {
            return STOCKHOLM;
        }
    }

    /** One scheduler for the class: Quartz's shutdown waits about 0.5 s for its idle worker threads. */
    private static GatewayScheduler scheduler;

    @BeforeAll
    static void start() {
        scheduler = new GatewayScheduler(2);
    }

    @AfterEach
    void cancelAll() {
        scheduler.list().forEach(job -> scheduler.cancel(job.jobId()));
    }

    @AfterAll
    static void close() {
        scheduler.close();
    }

    @Test
    void rearmsAfterEveryFire() throws InterruptedException {
        List<Instant> runs = new CopyOnWriteArrayList<>();
        CountDownLatch three = new CountDownLatch(3);
        scheduler.schedule("readout", new Every(Duration.ofMillis(200)), () -> {
            runs.add(Instant.now());
            three.countDown();
        });
        assertThat(scheduler.nextFireTime("readout")).isPresent();
        assertThat(three.await(3, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i < 3; i++) {
            assertThat(Duration.between(runs.get(i - 1), runs.get(i))).isGreaterThan(Duration.ofMillis(150));
        }
        ScheduledJob job = scheduler.list().get(0);
        assertThat(job.jobId()).isEqualTo("readout");
        assertThat(job.expression()).isEqualTo("every 200 ms");
        assertThat(job.nextFireTime()).isAfter(ZonedDateTime.now().minusSeconds(1));
        assertThat(job.lastFireTime()).isNotNull();
    }

    @Test
    void cronScheduleIsArmedForItsNextMinute() {
        CronSchedule everyMinute = CronSchedule.parse("* * * * *|?0-59 0 1 1 *", STOCKHOLM, 9L);
        ZonedDateTime before = ZonedDateTime.now(STOCKHOLM);
        scheduler.schedule("report-1", everyMinute, () -> { });
        ZonedDateTime next = scheduler.nextFireTime("report-1").orElseThrow();
        // the next whole minute after the moment of scheduling (the test may straddle a minute)
        assertThat(next).isIn(before.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1),
                before.truncatedTo(ChronoUnit.MINUTES).plusMinutes(2));
        assertThat(next.getZone()).isEqualTo(STOCKHOLM);
        ScheduledJob job = scheduler.list().get(0);
        assertThat(job.expression()).isEqualTo("* * * * *|?0-59 0 1 1 *");
        assertThat(job.resolvedExpression()).matches("\\* \\* \\* \\* \\* \\| \\d+ 0 1 1 \\*");
        assertThat(job.lastFireTime()).isNull();
        assertThat(scheduler.cancel("report-1")).isTrue();
        assertThat(scheduler.nextFireTime("report-1")).isEmpty();
        assertThat(scheduler.list()).isEmpty();
        assertThat(scheduler.cancel("report-1")).isFalse();
    }

    @Test
    void scheduleThatNeverFiresIsListedWithoutNextTime() {
        scheduler.schedule("never", CronSchedule.parse("0 0 31 2 *", STOCKHOLM, 0), () -> { });
        assertThat(scheduler.nextFireTime("never")).isEmpty();
        assertThat(scheduler.list()).singleElement().satisfies(j -> assertThat(j.nextFireTime()).isNull());
    }

    @Test
    void rescheduleReplacesTheTimetableAndKeepsTheTask() throws InterruptedException {
        AtomicInteger count = new AtomicInteger();
        CountDownLatch two = new CountDownLatch(2);
        scheduler.schedule("readout", new Every(null), () -> {
            count.incrementAndGet();
            two.countDown();
        });
        assertThat(scheduler.nextFireTime("readout")).isEmpty();
        scheduler.reschedule("readout", new Every(Duration.ofMillis(100)));
        assertThat(two.await(3, TimeUnit.SECONDS)).isTrue();
        scheduler.reschedule("readout", new Every(Duration.ofHours(1)));
        ZonedDateTime next = scheduler.nextFireTime("readout").orElseThrow();
        assertThat(next).isAfter(ZonedDateTime.now().plusMinutes(59));
        int settled = count.get();
        Thread.sleep(400);
        assertThat(count.get()).as("the old 100 ms timetable is gone").isLessThanOrEqualTo(settled + 1);
        assertThat(scheduler.list()).singleElement().satisfies(j -> assertThat(j.expression()).isEqualTo("every 3600000 ms"));
    }

    @Test
    void overrunningRunsDoNotOverlapAndMissedSlotsCoalesce() throws InterruptedException {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        scheduler.schedule("slow", new Every(Duration.ofMillis(50)), () -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            runs.incrementAndGet();
            sleep(600);
            running.decrementAndGet();
        });
        Thread.sleep(1500);
        // 30 slots of 50 ms passed; 600 ms runs back to back allow about 3, never 30
        assertThat(maxRunning.get()).isEqualTo(1);
        assertThat(runs.get()).isBetween(2, 4);
    }

    @Test
    void failingJobKeepsItsSchedule() throws InterruptedException {
        CountDownLatch three = new CountDownLatch(3);
        scheduler.schedule("flaky", new Every(Duration.ofMillis(100)), () -> {
            three.countDown();
            throw new IllegalStateException("bus busy");
        });
        assertThat(three.await(3, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void runNowRunsOnceWithoutChangingTheTimetable() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        scheduler.schedule("readout", new Every(Duration.ofHours(1)), ran::countDown);
        ZonedDateTime next = scheduler.nextFireTime("readout").orElseThrow();
        scheduler.runNow("readout");
        assertThat(ran.await(3, TimeUnit.SECONDS)).isTrue();
        assertThat(scheduler.nextFireTime("readout")).contains(next);
    }

    @Test
    void eachRunKnowsWhetherRunNowStartedIt() throws InterruptedException {
        List<Boolean> manual = new CopyOnWriteArrayList<>();
        CountDownLatch firstScheduled = new CountDownLatch(1);
        CountDownLatch scheduledAfterManual = new CountDownLatch(1);
        scheduler.schedule("readout", new Every(Duration.ofMillis(300)), () -> {
            boolean isManual = GatewayScheduler.isManualRun();
            manual.add(isManual);
            firstScheduled.countDown();
            sleep(100); // the manual request arrives while a scheduled run is in progress
            if (!isManual && manual.contains(true)) {
                scheduledAfterManual.countDown();
            }
        });
        assertThat(firstScheduled.await(3, TimeUnit.SECONDS)).isTrue();
        scheduler.runNow("readout");
        assertThat(scheduledAfterManual.await(5, TimeUnit.SECONDS)).isTrue();
        scheduler.cancel("readout");
        assertThat(manual.get(0)).isFalse();
        // exactly one run was the manual one; the scheduled runs before and after it are not
        assertThat(manual.stream().filter(m -> m).count()).isEqualTo(1);
        assertThat(GatewayScheduler.isManualRun()).isFalse();
    }

    @Test
    void runNowAndWaitCompletesWhenThatRunHasFinished() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        scheduler.schedule("readout", new Every(Duration.ofHours(1)), () -> {
            sleep(150);
            runs.incrementAndGet();
        });
        java.util.concurrent.CompletableFuture<Void> done = scheduler.runNowAndWait("readout");
        done.get(5, TimeUnit.SECONDS);
        assertThat(runs.get()).isEqualTo(1); // the run had finished when the future completed

        scheduler.schedule("failing", new Every(Duration.ofHours(1)), () -> {
            throw new IllegalStateException("bus busy");
        });
        assertThatThrownBy(() -> scheduler.runNowAndWait("failing").get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("bus busy");
        assertThatThrownBy(() -> scheduler.runNowAndWait("nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void followerRunsOnlyAfterItsLeaderRunHasFinished() throws InterruptedException {
        AtomicInteger leaderRunning = new AtomicInteger();
        List<Instant> leaderDone = new CopyOnWriteArrayList<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        CountDownLatch twoReports = new CountDownLatch(2);
        scheduler.schedule("readout", new Grid(Duration.ofMillis(200)), () -> {
            leaderRunning.incrementAndGet();
            sleep(120); // a readout that takes a while: the report must wait for it
            leaderRunning.decrementAndGet();
            leaderDone.add(Instant.now());
        });
        scheduler.scheduleAfter("report-1", new Grid(Duration.ofMillis(600)), "readout", () -> {
            if (leaderRunning.get() != 0 || leaderDone.isEmpty()) {
                violations.add("report started while the readout ran or before any readout");
            }
            twoReports.countDown();
        });
        assertThat(scheduler.list()).filteredOn(j -> j.jobId().equals("report-1"))
                .singleElement().satisfies(j -> {
                    assertThat(j.runsAfter()).isEqualTo("readout");
                    assertThat(j.nextFireTime()).isNotNull();
                });
        assertThat(twoReports.await(4, TimeUnit.SECONDS)).isTrue();
        assertThat(violations).isEmpty();
        // 600 ms reports on 200 ms readouts: about one report per three readouts, not one per readout
        assertThat(leaderDone.size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void followerWithoutItsLeaderDoesNotRun() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        scheduler.scheduleAfter("report-2", new Grid(Duration.ofMillis(50)), "no-such-readout", runs::incrementAndGet);
        Thread.sleep(300);
        assertThat(runs.get()).isZero();
        assertThat(scheduler.nextFireTime("report-2")).isEmpty();
        assertThatThrownBy(() -> scheduler.scheduleAfter("x", new Grid(Duration.ofMillis(50)), "x", () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void misuseIsReportedClearly() {
        scheduler.schedule("a", new Every(null), () -> { });
        assertThatThrownBy(() -> scheduler.schedule("a", new Every(null), () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already scheduled");
        assertThatThrownBy(() -> scheduler.reschedule("b", new Every(null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not scheduled");
        assertThatThrownBy(() -> scheduler.runNow("b")).isInstanceOf(IllegalArgumentException.class);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
