package org.metergate.schedule;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the gateway's jobs (readouts, reports) on their {@link Schedule}s with Quartz.
 *
 * <p><b>Why one-shot triggers:</b> Quartz's CronTrigger cannot express the dialect (AND of the day
 * fields, {@code |}, daylight-saving policy of {@link WallClock}). So each job has exactly one
 * pending one-shot SimpleTrigger at its next fire time; when it fires, the job first arms the
 * following one (computed by the schedule) and then runs. Quartz contributes the timer thread,
 * the worker pool, misfire detection and no-overlap guarantees; the schedule decides the times.
 *
 * <p><b>Misfires and overruns coalesce:</b> the next fire is computed after the later of the fire
 * that is due and the current time, so slots missed while the process was suspended, the clock
 * jumped forward (NTP at boot) or the previous run overran are never replayed one by one; the
 * late trigger uses MISFIRE_INSTRUCTION_FIRE_NOW, i.e. it runs once, as soon as possible. Runs of
 * one job never overlap ({@link FireJob} is {@code @DisallowConcurrentExecution}). Jobs are held
 * in Quartz's RAMJobStore: after a restart the caller schedules again from its settings, and a
 * fire missed while the gateway was down is not run (the caller decides whether to read at start).
 *
 * <p>The job's {@link Runnable} runs on Quartz's small worker pool; an exception it throws is
 * logged and does not stop the schedule.
 */
public final class GatewayScheduler implements AutoCloseable {

    /** SLF4J, the logging API Quartz itself uses, so both end up in the gateway's logback output. */
    private static final Logger LOG = LoggerFactory.getLogger(GatewayScheduler.class);
    private static final String GROUP = "metergate";
    /** Quartz keeps schedulers in a JVM-wide repository by name, so each instance needs its own. */
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** Marks a trigger of {@link #runNow}: it runs the job without arming the next fire. */
    private static final long MANUAL = -1;

    /** Set on the worker thread while a job runs: whether this run was asked for by {@link #runNow}. */
    private static final ThreadLocal<Boolean> MANUAL_RUN = ThreadLocal.withInitial(() -> false);

    /**
     * Whether the job running on this thread was started by {@link #runNow} rather than by its
     * schedule (SPEC D5: manual jobs have their own retry settings). False outside a job.
     */
    public static boolean isManualRun() {
        return MANUAL_RUN.get();
    }

    /** @param after the job this one follows (SPEC D6), or null for a job with its own triggers */
    private record Entry(Schedule schedule, Runnable job, long generation, String after) {
    }

    private final Scheduler quartz;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastFires = new ConcurrentHashMap<>();
    /** Per follower: the leader fire times up to which its schedule has been checked. */
    private final Map<String, Instant> followedUpTo = new ConcurrentHashMap<>();
    private final AtomicLong generations = new AtomicLong();
    private final AtomicLong triggerIds = new AtomicLong();
    /** Manual runs someone waits for ({@link #runNowAndWait}), by trigger name. */
    private final Map<String, java.util.concurrent.CompletableFuture<Void>> awaited = new ConcurrentHashMap<>();

    /** A scheduler with two worker threads: readout and report jobs mostly wait on the bus or network. */
    public GatewayScheduler() {
        this(2);
    }

    public GatewayScheduler(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        Properties p = new Properties();
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "metergate-schedule-" + INSTANCES.incrementAndGet());
        p.setProperty(StdSchedulerFactory.PROP_SCHED_MAKE_SCHEDULER_THREAD_DAEMON, "true");
        p.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_CLASS, "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "metergate-schedule");
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
        // a fire later than this counts as misfired; either way it runs once (FIRE_NOW), see above
        p.setProperty("org.quartz.jobStore.misfireThreshold", "5000");
        try {
            quartz = new StdSchedulerFactory(p).getScheduler();
            quartz.setJobFactory((bundle, scheduler) -> new FireJob(this));
            quartz.start();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the Quartz scheduler: " + e.getMessage(), e);
        }
    }

    /**
     * Starts running {@code job} on {@code schedule}.
     *
     * @throws IllegalArgumentException if {@code jobId} is already scheduled (use {@link #reschedule})
     */
    public synchronized void schedule(String jobId, Schedule schedule, Runnable job) {
        Entry entry = add(jobId, schedule, job, null);
        arm(jobId, entry, Instant.now());
    }

    /**
     * Runs {@code job} after {@code leaderId} (SPEC D6: a report with a preset schedule waits for its
     * readout). The job has no timer of its own: each time a scheduled run of the leader that was due
     * at {@code D} finishes, the job runs once if {@code schedule} had a fire time since the previous
     * leader run's due time, up to and including {@code D}. So a daily report at 00:00 with 15-minute
     * readouts runs right after the 00:00 readout has finished, never before it; slots the leader
     * skipped (coalesced) still produce one run. Manual leader runs ({@link #runNow}) do not count.
     * The leader need not be scheduled yet; while it is not, the job does not run.
     *
     * @throws IllegalArgumentException if {@code jobId} is already scheduled or follows itself
     */
    public synchronized void scheduleAfter(String jobId, Schedule schedule, String leaderId, Runnable job) {
        Objects.requireNonNull(leaderId, "leaderId");
        if (leaderId.equals(jobId)) {
            throw new IllegalArgumentException("job '" + jobId + "' cannot run after itself");
        }
        add(jobId, schedule, job, leaderId);
        followedUpTo.put(jobId, Instant.now());
    }

    private Entry add(String jobId, Schedule schedule, Runnable job, String after) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(job, "job");
        if (entries.containsKey(jobId)) {
            throw new IllegalArgumentException("job '" + jobId + "' is already scheduled; use reschedule");
        }
        try {
            quartz.addJob(JobBuilder.newJob(FireJob.class).withIdentity(key(jobId)).storeDurably().build(), true);
        } catch (SchedulerException e) {
            throw quartzFailed(jobId, e);
        }
        Entry entry = new Entry(schedule, job, generations.incrementAndGet(), after);
        entries.put(jobId, entry);
        return entry;
    }

    /**
     * Replaces the schedule of a job (keeping its task, and the job it follows if it was scheduled with
     * {@link #scheduleAfter}); the next fire is computed from now. A run in progress finishes; fires
     * armed under the old schedule are dropped.
     *
     * @throws IllegalArgumentException if {@code jobId} is not scheduled
     */
    public synchronized void reschedule(String jobId, Schedule schedule) {
        Objects.requireNonNull(schedule, "schedule");
        Entry old = entries.get(jobId);
        if (old == null) {
            throw new IllegalArgumentException("job '" + jobId + "' is not scheduled");
        }
        Entry entry = new Entry(schedule, old.job(), generations.incrementAndGet(), old.after());
        entries.put(jobId, entry);
        try {
            for (Trigger t : quartz.getTriggersOfJob(key(jobId))) {
                if (t.getJobDataMap().getLong(FireJob.GENERATION) != MANUAL) {
                    quartz.unscheduleJob(t.getKey());
                }
            }
        } catch (SchedulerException e) {
            throw quartzFailed(jobId, e);
        }
        if (entry.after() == null) {
            arm(jobId, entry, Instant.now());
        } else {
            followedUpTo.put(jobId, Instant.now());
        }
    }

    /** Stops scheduling the job (a run in progress finishes). Returns false if it was not scheduled. */
    public synchronized boolean cancel(String jobId) {
        if (entries.remove(jobId) == null) {
            return false;
        }
        lastFires.remove(jobId);
        followedUpTo.remove(jobId);
        deleteJob(jobId);
        return true;
    }

    /**
     * Quartz's deleteJob fails when a one-shot trigger of the job completes between its listing and
     * its removal (a manual run finishing); the job is then still there, so try again.
     */
    private void deleteJob(String jobId) {
        for (int attempt = 1; ; attempt++) {
            try {
                quartz.deleteJob(key(jobId));
                return;
            } catch (SchedulerException e) {
                try {
                    if (!quartz.checkExists(key(jobId))) {
                        return;
                    }
                } catch (SchedulerException ignored) {
                    // report the original failure below
                }
                if (attempt == 5) {
                    throw quartzFailed(jobId, e);
                }
            }
        }
    }

    /**
     * Runs the job once as soon as a worker is free, without changing its timetable (manual readout,
     * SPEC D4). It does not overlap a scheduled run of the same job.
     *
     * @throws IllegalArgumentException if {@code jobId} is not scheduled
     */
    public synchronized void runNow(String jobId) {
        if (!entries.containsKey(jobId)) {
            throw new IllegalArgumentException("job '" + jobId + "' is not scheduled");
        }
        addTrigger(jobId, MANUAL, Instant.now());
    }

    /**
     * Like {@link #runNow}, with a future that completes when that run has finished (the on-demand
     * report reads the meters first, SPEC F9). It completes exceptionally if the job threw, and is
     * cancelled if the scheduler stops before the run starts.
     *
     * @throws IllegalArgumentException if {@code jobId} is not scheduled
     */
    public synchronized java.util.concurrent.CompletableFuture<Void> runNowAndWait(String jobId) {
        if (!entries.containsKey(jobId)) {
            throw new IllegalArgumentException("job '" + jobId + "' is not scheduled");
        }
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        // registered before the trigger exists: a free worker may fire it at once
        String trigger = jobId + "#" + triggerIds.incrementAndGet();
        awaited.put(trigger, done);
        try {
            addTrigger(jobId, MANUAL, Instant.now(), trigger);
        } catch (RuntimeException e) {
            awaited.remove(trigger);
            throw e;
        }
        return done;
    }

    /**
     * The next scheduled fire of the job, empty if unknown or never again. For a job scheduled with
     * {@link #scheduleAfter} it is the due time of the leader run it will follow (it starts when that
     * run has finished).
     */
    public Optional<ZonedDateTime> nextFireTime(String jobId) {
        Entry entry = entries.get(jobId);
        if (entry == null) {
            return Optional.empty();
        }
        Optional<Instant> pending;
        try {
            pending = quartz.getTriggersOfJob(key(jobId)).stream()
                    .filter(t -> t.getJobDataMap().getLong(FireJob.GENERATION) == entry.generation())
                    .map(Trigger::getNextFireTime)
                    .filter(Objects::nonNull)
                    .map(Date::toInstant)
                    .min(Comparator.naturalOrder());
        } catch (SchedulerException e) {
            throw quartzFailed(jobId, e);
        }
        if (pending.isEmpty() && entry.after() != null) {
            pending = followerDue(entry, followedUpTo.get(jobId));
        }
        return pending.map(i -> i.atZone(entry.schedule().zone()));
    }

    /** The due time of the first leader fire at or after the follower's next own fire time. */
    private Optional<Instant> followerDue(Entry follower, Instant checkedUpTo) {
        Entry leader = entries.get(follower.after());
        if (leader == null || checkedUpTo == null) {
            return Optional.empty();
        }
        return follower.schedule().next(checkedUpTo.atZone(follower.schedule().zone()))
                .flatMap(own -> leader.schedule().next(own.minusNanos(1).withZoneSameInstant(leader.schedule().zone())))
                .map(ZonedDateTime::toInstant);
    }

    /** All jobs, sorted by id, with their expressions and next fire times (for the system panel). */
    public List<ScheduledJob> list() {
        List<ScheduledJob> jobs = new ArrayList<>();
        entries.forEach((id, e) -> {
            Instant last = lastFires.get(id);
            jobs.add(new ScheduledJob(id, e.schedule().expression(), e.schedule().resolvedExpression(),
                    e.schedule().zone(), e.after(), nextFireTime(id).orElse(null),
                    last == null ? null : last.atZone(e.schedule().zone())));
        });
        jobs.sort(Comparator.comparing(ScheduledJob::jobId));
        return jobs;
    }

    /** Stops the scheduler, waiting for runs in progress to finish. */
    @Override
    public void close() {
        try {
            quartz.shutdown(true);
            awaited.values().forEach(f -> f.cancel(false));
            awaited.clear();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot stop the Quartz scheduler: " + e.getMessage(), e);
        }
    }

    /** Called by {@link FireJob} on a Quartz worker thread. */
    void fire(String jobId, long generation, Instant due, String triggerName) {
        java.util.concurrent.CompletableFuture<Void> waiter = awaited.remove(triggerName);
        RuntimeException failure = null;
        try {
            failure = fire(jobId, generation, due);
        } finally {
            if (waiter != null) {
                if (failure == null) {
                    waiter.complete(null);
                } else {
                    waiter.completeExceptionally(failure);
                }
            }
        }
    }

    /** Runs the job; returns what it threw (logged already), null if it ran fine or did not run. */
    private RuntimeException fire(String jobId, long generation, Instant due) {
        Entry entry;
        synchronized (this) {
            entry = entries.get(jobId);
            if (entry == null || (generation != MANUAL && generation != entry.generation())) {
                return null; // cancelled or rescheduled while this fire was on its way
            }
            Instant now = Instant.now();
            if (generation != MANUAL && entry.after() == null) {
                // arm first, so nextFireTime() is right while the job runs; from the later of due and
                // now, so missed slots are skipped rather than replayed (coalescing)
                try {
                    arm(jobId, entry, due.isAfter(now) ? due : now);
                } catch (IllegalStateException e) { // Quartz shutting down: run this fire, arm no more
                    LOG.warn("cannot arm the next fire of job '{}': {}", jobId, e.getMessage());
                }
            }
            lastFires.put(jobId, now);
        }
        MANUAL_RUN.set(generation == MANUAL);
        try {
            entry.job().run();
        } catch (RuntimeException e) {
            LOG.warn("scheduled job '{}' failed: {}", jobId, e.toString(), e);
            return e;
        } finally {
            MANUAL_RUN.remove();
            if (generation != MANUAL) {
                startFollowers(jobId, due);
            }
        }
        return null;
    }

    /** A scheduled run of {@code leaderId} that was due at {@code due} has finished: start the jobs that follow it. */
    private synchronized void startFollowers(String leaderId, Instant due) {
        entries.forEach((id, e) -> {
            if (!leaderId.equals(e.after())) {
                return;
            }
            Instant checked = followedUpTo.getOrDefault(id, due);
            Optional<ZonedDateTime> own = e.schedule().next(checked.atZone(e.schedule().zone()));
            if (due.isAfter(checked)) {
                followedUpTo.put(id, due);
            }
            if (own.isPresent() && !own.get().toInstant().isAfter(due)) {
                try {
                    addTrigger(id, e.generation(), Instant.now());
                } catch (IllegalStateException ex) { // Quartz shutting down
                    LOG.warn("cannot start job '{}' after '{}': {}", id, leaderId, ex.getMessage());
                }
            }
        });
    }

    private void arm(String jobId, Entry entry, Instant after) {
        Optional<ZonedDateTime> next = entry.schedule().next(after.atZone(entry.schedule().zone()));
        if (next.isEmpty()) {
            LOG.info("job '{}' ({}) will not fire again", jobId, entry.schedule().resolvedExpression());
            return;
        }
        addTrigger(jobId, entry.generation(), next.get().toInstant());
    }

    private void addTrigger(String jobId, long generation, Instant at) {
        addTrigger(jobId, generation, at, jobId + "#" + triggerIds.incrementAndGet());
    }

    private void addTrigger(String jobId, long generation, Instant at, String name) {
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(name, GROUP)
                .forJob(key(jobId))
                .usingJobData(FireJob.GENERATION, generation)
                .startAt(Date.from(at))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            quartz.scheduleJob(trigger);
        } catch (SchedulerException e) {
            throw quartzFailed(jobId, e);
        }
    }

    private static JobKey key(String jobId) {
        return JobKey.jobKey(jobId, GROUP);
    }

    private static IllegalStateException quartzFailed(String jobId, SchedulerException e) {
        return new IllegalStateException("Quartz failed for job '" + jobId + "': " + e.getMessage(), e);
    }
}
