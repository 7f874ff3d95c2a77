package org.metergate.wireless;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.metergate.camel.WmbusMessage;
import org.metergate.jobs.JobState;
import org.metergate.store.JobTable;
import org.metergate.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listen sessions, one at a time, kept in the database ({@link ListenRepository}): a meter is stored
 * when it is first heard, the counters and RSSI of known ones at most every {@link #FLUSH_INTERVAL}
 * (a timer also ends the session when its time is up). A session that was running when the gateway
 * stopped says INTERRUPTED afterwards; what it heard stays, and installing from it works as before.
 */
public final class ListenSessions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ListenSessions.class);
    /** Longest gap between two writes of a running session's counters. */
    static final Duration FLUSH_INTERVAL = Duration.ofSeconds(5);
    static final String RESTARTED = "interrupted: the gateway restarted while listening; what was heard so far is kept";
    static final String STOPPED = "interrupted: the gateway stopped while listening; what was heard so far is kept";

    private final ListenRepository repository;
    private final JobTable.Retention retention;
    private final Clock clock;
    private final AtomicLong ids;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "listen-session");
        t.setDaemon(true);
        return t;
    });
    private volatile ListenSession live;
    private volatile long lastFlushNanos;

    /** Marks the sessions a previous run left running INTERRUPTED, and applies the retention rule. */
    public ListenSessions(ListenRepository repository, JobTable.Retention retention, Clock clock) {
        this.repository = repository;
        this.retention = retention;
        this.clock = clock;
        int interrupted = ListenRepository.TABLE.interruptUnfinished(repository.db(), RESTARTED, clock.instant());
        if (interrupted > 0) {
            LOG.warn("{} listen sessions were running when the gateway stopped: marked INTERRUPTED", interrupted);
        }
        ListenRepository.TABLE.prune(repository.db(), retention, clock.instant());
        ids = new AtomicLong(ListenRepository.TABLE.maxId(repository.db()));
    }

    /** Starts listening; refused while a session runs. */
    public synchronized ListenSession start(Duration length, String startedBy) {
        Instant now = clock.instant();
        ListenSession current = live;
        if (current != null && current.running(now)) {
            throw new IllegalStateException("a listen session is running until " + current.endsAt());
        }
        if (current != null) {
            end(current, JobState.DONE, null); // its time is up; the timer may not have ended it yet
        }
        ListenSession session = new ListenSession(ids.incrementAndGet(), startedBy, now, length);
        repository.create(session.seq(), startedBy, now, session.endsAt());
        try {
            ListenRepository.TABLE.prune(repository.db(), retention, now);
        } catch (StoreException e) {
            LOG.warn("Listen session history not pruned: {}", e.getMessage());
        }
        live = session;
        lastFlushNanos = System.nanoTime();
        timer.schedule(() -> tick(session), 1, TimeUnit.SECONDS);
        return session;
    }

    /** The session of this run, else the newest stored one (also from before a restart), else none. */
    public Optional<ListenSession> current() {
        ListenSession s = live;
        if (s != null) {
            return Optional.of(s);
        }
        return repository.list(0, 1).stream().findFirst().map(this::restore);
    }

    /** By id ("listen-N"): the live session or a stored one. */
    public Optional<ListenSession> find(String id) {
        if (id == null || !id.startsWith(ListenSession.PREFIX)) {
            return Optional.empty();
        }
        long seq;
        try {
            seq = Long.parseLong(id.substring(ListenSession.PREFIX.length()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        ListenSession s = live;
        if (s != null && s.seq() == seq) {
            return Optional.of(s);
        }
        return repository.find(seq).map(this::restore);
    }

    /** A page of sessions, newest first (their snapshots come without meters from the database). */
    public List<ListenSession.Snapshot> list(int offset, int limit) {
        List<ListenSession.Snapshot> out = new ArrayList<>();
        Instant now = clock.instant();
        ListenSession s = live;
        for (ListenRepository.Stored row : repository.list(offset, limit)) {
            ListenSession.Snapshot snap = s != null && s.seq() == row.id() ? s.snapshot(now)
                    : ListenSession.restored(row.id(), row.startedBy(), row.startedAt(), row.endsAt(), row.state(),
                            row.finishedAt(), row.message(), row.telegrams(), List.of()).snapshot(now);
            out.add(new ListenSession.Snapshot(snap.id(), snap.state(), snap.running(), snap.startedAt(), snap.endsAt(),
                    snap.progress(), snap.telegrams(), List.of(), snap.startedBy(), snap.finishedAt(), snap.message()));
        }
        return out;
    }

    public long count() {
        return repository.count();
    }

    private ListenSession restore(ListenRepository.Stored row) {
        return ListenSession.restored(row.id(), row.startedBy(), row.startedAt(), row.endsAt(), row.state(),
                row.finishedAt(), row.message(), row.telegrams(), repository.meters(row.id()));
    }

    /** A telegram: fed to the running session; a meter heard for the first time is stored at once. */
    public void accept(WmbusMessage m, Long installedMeterId) {
        ListenSession s = live;
        if (s == null) {
            return;
        }
        boolean first = s.accept(m, installedMeterId, clock.instant());
        if (first || System.nanoTime() - lastFlushNanos >= FLUSH_INTERVAL.toNanos()) {
            flush(s);
        }
    }

    /** Stops the running session now (the operator); what was heard stays. */
    public void stopCurrent() {
        ListenSession s = live;
        if (s != null && s.stop(clock.instant())) {
            persistEnd(s);
        }
    }

    /**
     * Stops this session now if it is the one running (the operator named it); false when it is not running
     * — finished, stopped, interrupted, or its time is up and the timer has yet to end it — and nothing changes.
     */
    public boolean stop(ListenSession session) {
        ListenSession s = live;
        Instant now = clock.instant();
        if (s != session || !s.running(now) || !s.stop(now)) {
            return false;
        }
        persistEnd(s);
        return true;
    }

    /** The gateway is stopping: a running session ends INTERRUPTED with everything heard stored. */
    public void stopping() {
        ListenSession s = live;
        if (s != null) {
            boolean running = s.running(clock.instant());
            end(s, running ? JobState.INTERRUPTED : JobState.DONE, running ? STOPPED : null);
        }
    }

    private void tick(ListenSession s) {
        try {
            if (s.state() != JobState.RUNNING) {
                return;
            }
            if (!s.running(clock.instant())) {
                end(s, JobState.DONE, null);
                return;
            }
            if (s.hasChanges() && System.nanoTime() - lastFlushNanos >= FLUSH_INTERVAL.toNanos()) {
                flush(s);
            }
            timer.schedule(() -> tick(s), 1, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            LOG.warn("Listen session {}: {}", s.id(), e.getMessage());
            timer.schedule(() -> tick(s), 1, TimeUnit.SECONDS);
        }
    }

    private void end(ListenSession s, JobState state, String message) {
        if (s.end(state, message, clock.instant())) {
            persistEnd(s);
        }
    }

    private synchronized void persistEnd(ListenSession s) {
        flush(s);
        try {
            repository.finish(s.seq(), s.state(), s.finishedAt() == null ? clock.instant() : s.finishedAt(), s.message());
        } catch (StoreException e) {
            LOG.error("Listen session {}: its end was not stored", s.id(), e);
        }
    }

    /** Writes what changed since the last write; on failure the changes are kept for the next one. */
    private synchronized void flush(ListenSession s) {
        lastFlushNanos = System.nanoTime();
        Map<Integer, ListenSession.Found> changed = s.drainChanged();
        try {
            repository.save(s.seq(), s.telegrams(), changed);
        } catch (StoreException e) {
            LOG.warn("Listen session {}: what it heard is not stored yet: {}", s.id(), e.getMessage());
            s.requeue(changed);
        }
    }

    @Override
    public void close() {
        stopping();
        timer.shutdownNow();
    }
}
