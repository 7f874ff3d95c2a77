package org.metergate.report.engine;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.metergate.camel.CronPollScheduler;
import org.metergate.schedule.Schedule;

/**
 * The readout the reports belong to (SPEC D6): the job of the route that polls on
 * {@code #readoutSchedule} (or, in the demo, {@code #demoSchedule}), and its cycle, which bounds the
 * Auto period (180 cycles, SPEC F5).
 */
public final class ReadoutCycle {

    /** Without any readout schedule, Auto reaches back 180 × 15 minutes (the factory readout schedule). */
    static final Duration FALLBACK = Duration.ofMinutes(15);

    private final Supplier<List<CronPollScheduler>> candidates;

    /** @param candidates the readout schedulers in order of preference */
    public ReadoutCycle(Supplier<List<CronPollScheduler>> candidates) {
        this.candidates = candidates;
    }

    private Optional<CronPollScheduler> leader() {
        return candidates.get().stream().filter(s -> s.isSchedulerStarted() && s.jobId() != null).findFirst();
    }

    /** The readout job synchronised reports run after; empty if no route reads on a readout schedule. */
    public Optional<String> leaderJobId() {
        return leader().map(CronPollScheduler::jobId);
    }

    /** The interval of the readout schedule now in force. */
    public Duration cycle() {
        Optional<Schedule> s = leader().map(CronPollScheduler::schedule)
                .or(() -> candidates.get().stream().findFirst().map(CronPollScheduler::schedule));
        return s.map(ReadoutCycle::interval).orElse(FALLBACK);
    }

    static Duration interval(Schedule s) {
        ZonedDateTime now = ZonedDateTime.now(s.zone());
        return s.next(now).flatMap(a -> s.next(a).map(b -> Duration.between(a, b))).orElse(FALLBACK);
    }
}
