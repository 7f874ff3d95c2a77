package org.metergate.wireless;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metergate.camel.WmbusMessage;
import org.metergate.jobs.JobState;
import org.metergate.receiver.Reception;
import org.metergate.wmbus.MeterId;

/**
 * "Listen for N minutes" (SPEC A7, wireless scan): every meter heard in the period, with its status
 * (decodable, no key, wrong key ...) and each receiver's signal. Thread-safe. It remembers which meters
 * changed since {@link #drainChanged()} so {@link ListenSessions} stores a new meter at once and the
 * counters of known ones in batches. A session read back from the database ({@link #restored}) has
 * ended and takes no more telegrams.
 */
public final class ListenSession {

    static final String PREFIX = "listen-";

    /** One receiver's view of a found meter. */
    public record Heard(String receiverId, Integer lastRssi, Integer bestRssi, int telegrams) {
    }

    /** A meter heard during the session; receivers strongest first. */
    public record Found(String id, String manufacturer, int version, int medium, String status, String error,
            int telegrams, Long installedMeterId, List<Heard> receivers, Instant firstHeard, Instant lastHeard) {

        public MeterId meterId() {
            return MeterId.of(manufacturer, id, version, medium);
        }

        /** The receiver that hears it best (by last RSSI), or null. */
        public String strongestReceiver() {
            return receivers.isEmpty() ? null : receivers.get(0).receiverId();
        }
    }

    /** What the API shows. {@code state}: RUNNING, DONE, CANCELLED (stopped early) or INTERRUPTED. */
    public record Snapshot(String id, String state, boolean running, Instant startedAt, Instant endsAt, double progress,
            int telegrams, List<Found> meters, String startedBy, Instant finishedAt, String message) {
    }

    private final long seq;
    private final String startedBy;
    private final Instant startedAt;
    private final Instant endsAt;
    private final Map<MeterId, Entry> meters = new LinkedHashMap<>();
    private final Map<MeterId, Entry> changed = new LinkedHashMap<>();
    private int telegrams;
    private JobState state = JobState.RUNNING;
    private Instant finishedAt;
    private String message;

    public ListenSession(long seq, String startedBy, Instant startedAt, Duration length) {
        this(seq, startedBy, startedAt, startedAt.plus(length));
    }

    private ListenSession(long seq, String startedBy, Instant startedAt, Instant endsAt) {
        this.seq = seq;
        this.startedBy = startedBy;
        this.startedAt = startedAt;
        this.endsAt = endsAt;
    }

    /** A session as stored: ended, with what it heard. */
    static ListenSession restored(long seq, String startedBy, Instant startedAt, Instant endsAt, JobState state,
            Instant finishedAt, String message, long telegrams, List<Found> found) {
        ListenSession s = new ListenSession(seq, startedBy, startedAt, endsAt);
        s.state = state;
        s.finishedAt = finishedAt;
        s.message = message;
        s.telegrams = (int) Math.min(Integer.MAX_VALUE, telegrams);
        for (Found f : found) {
            Entry e = new Entry(s.meters.size(), f.firstHeard());
            e.telegrams = f.telegrams();
            e.status = f.status();
            e.error = f.error();
            e.installed = f.installedMeterId();
            e.lastHeard = f.lastHeard();
            f.receivers().forEach(h -> e.receivers.put(h.receiverId(), h));
            s.meters.put(f.meterId(), e);
        }
        return s;
    }

    public String id() {
        return PREFIX + seq;
    }

    long seq() {
        return seq;
    }

    Instant endsAt() {
        return endsAt;
    }

    public synchronized boolean running(Instant now) {
        return state == JobState.RUNNING && now.isBefore(endsAt);
    }

    /** Stops it early (the operator): what was heard stays. */
    synchronized boolean stop(Instant at) {
        return end(JobState.CANCELLED, "stopped early", at);
    }

    /** Ends it: DONE when its time is up, INTERRUPTED when the gateway stops. Only the first end counts. */
    synchronized boolean end(JobState end, String why, Instant at) {
        if (state != JobState.RUNNING) {
            return false;
        }
        state = end;
        message = why;
        finishedAt = at;
        return true;
    }

    synchronized JobState state() {
        return state;
    }

    synchronized Instant finishedAt() {
        return finishedAt;
    }

    synchronized String message() {
        return message;
    }

    synchronized int telegrams() {
        return telegrams;
    }

    /**
     * Takes a telegram heard at {@code now} if the session is still running; true when it is the first
     * of a meter not heard before in this session.
     */
    public synchronized boolean accept(WmbusMessage m, Long installedMeterId, Instant now) {
        if (!running(now)) {
            return false;
        }
        telegrams++;
        MeterId id = m.meter();
        if (id == null) {
            return false; // not even a link layer: nothing to install
        }
        boolean first = !meters.containsKey(id);
        Entry e = meters.computeIfAbsent(id, k -> new Entry(meters.size(), now));
        e.telegrams++;
        e.status = m.status();
        e.error = m.errorMessage();
        e.installed = installedMeterId;
        e.lastHeard = now;
        for (Reception r : m.receptions()) {
            e.receivers.merge(r.receiverId(), new Heard(r.receiverId(), r.rssi(), r.rssi(), 1),
                    (a, b) -> new Heard(a.receiverId(), b.lastRssi(), max(a.bestRssi(), b.bestRssi()), a.telegrams() + 1));
        }
        changed.put(id, e);
        return first;
    }

    private static Integer max(Integer a, Integer b) {
        return a == null ? b : b == null ? a : Math.max(a, b);
    }

    /** The meters that changed since the last call, with their place in the order heard; forgets them. */
    synchronized Map<Integer, Found> drainChanged() {
        Map<Integer, Found> out = new LinkedHashMap<>();
        for (Map.Entry<MeterId, Entry> x : changed.entrySet()) {
            out.put(x.getValue().seq, found(x.getKey(), x.getValue()));
        }
        changed.clear();
        return out;
    }

    /** Marks these meters (by their place in the order heard) changed again: their write failed. */
    synchronized void requeue(Map<Integer, Found> failed) {
        for (Map.Entry<MeterId, Entry> x : meters.entrySet()) {
            if (failed.containsKey(x.getValue().seq)) {
                changed.putIfAbsent(x.getKey(), x.getValue());
            }
        }
    }

    synchronized boolean hasChanges() {
        return !changed.isEmpty();
    }

    public synchronized Snapshot snapshot(Instant now) {
        boolean running = running(now);
        long total = Duration.between(startedAt, endsAt).toMillis();
        double progress = running ? Math.min(1.0, Duration.between(startedAt, now).toMillis() / (double) Math.max(1, total)) : 1.0;
        List<Found> found = new ArrayList<>();
        for (Map.Entry<MeterId, Entry> x : meters.entrySet()) {
            found.add(found(x.getKey(), x.getValue()));
        }
        // its time is up but the timer has not ended it yet: it is done all the same
        String shown = state == JobState.RUNNING && !running ? JobState.DONE.name() : state.name();
        return new Snapshot(id(), shown, running, startedAt, endsAt, Math.round(progress * 1000) / 1000.0, telegrams,
                found, startedBy, finishedAt, message);
    }

    private static Found found(MeterId id, Entry e) {
        List<Heard> rx = new ArrayList<>(e.receivers.values());
        rx.sort(Comparator.comparing((Heard h) -> new Reception(h.receiverId(), h.lastRssi()), Reception::strongestFirst));
        return new Found(id.id(), id.manufacturer(), id.version(), id.deviceType(), e.status, e.error, e.telegrams,
                e.installed, List.copyOf(rx), e.firstHeard, e.lastHeard);
    }

    private static final class Entry {
        final int seq;
        final Instant firstHeard;
        Instant lastHeard;
        int telegrams;
        String status;
        String error;
        Long installed;
        final Map<String, Heard> receivers = new LinkedHashMap<>();

        Entry(int seq, Instant firstHeard) {
            this.seq = seq;
            this.firstHeard = firstHeard;
            this.lastHeard = firstHeard;
        }
    }
}
