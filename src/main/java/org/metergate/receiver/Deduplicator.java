package org.metergate.receiver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.metergate.wmbus.WmbusFrames;

/**
 * Several receivers hear the same telegram: it is delivered once, from the receiver with the strongest
 * signal, with every reception listed. A telegram is "the same" when its frame without CRCs is equal
 * byte for byte (so meter, access number and payload), whatever format each receiver delivered it in.
 * The first reception opens a window; receptions within it join; when it closes the strongest is
 * delivered through the callback its receiver gave. A window of zero delivers at once.
 *
 * <p>Bounded: at most {@value #MAX_PENDING} telegrams wait; beyond that the oldest is delivered early.
 * Thread-safe; deliveries run on one thread per deduplicator, in arrival order of the first reception.
 */
public final class Deduplicator implements AutoCloseable {
    static final int MAX_PENDING = 10_000;

    /** What is delivered: the strongest reception's frame, and every reception (strongest first). */
    public record Heard(ReceivedFrame frame, List<Reception> receptions) {
        public List<Reception> alternatives() {
            return receptions.subList(1, receptions.size());
        }
    }

    private final Duration window;
    private final Clock clock;
    private final Map<Key, Pending> pending = new LinkedHashMap<>();
    private final ScheduledExecutorService timer;

    public Deduplicator(Duration window, Clock clock) {
        this.window = window;
        this.clock = clock;
        this.timer = window.isZero() ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wmbus-dedup");
            t.setDaemon(true);
            return t;
        });
        if (timer != null) {
            long tick = Math.max(10, window.toMillis() / 4);
            timer.scheduleWithFixedDelay(() -> flushDue(clock.instant()), tick, tick, TimeUnit.MILLISECONDS);
        }
    }

    public Duration window() {
        return window;
    }

    /** One reception; {@code deliver} is called (later, or now with a zero window) if it is the strongest. */
    public void offer(ReceivedFrame frame, Consumer<Heard> deliver) {
        byte[] canonical = WmbusFrames.canonical(frame.frame(), frame.format());
        Reception r = new Reception(frame.receiverId(), frame.rssi());
        if (timer == null || canonical == null) {
            // no window, or not a frame: nothing to compare with (the decoder will say what is wrong)
            deliver.accept(new Heard(frame, List.of(r)));
            return;
        }
        List<Pending> early = new ArrayList<>();
        synchronized (pending) {
            Key key = new Key(canonical);
            Pending p = pending.get(key);
            if (p == null) {
                pending.put(key, new Pending(frame, deliver, r, clock.instant().plus(window)));
                if (pending.size() > MAX_PENDING) {
                    Iterator<Pending> it = pending.values().iterator();
                    early.add(it.next());
                    it.remove();
                }
            } else {
                p.add(frame, deliver, r);
            }
        }
        early.forEach(Pending::deliver);
    }

    /** Delivers every telegram whose window closed at {@code now} (called by the timer; tests call it). */
    public void flushDue(Instant now) {
        List<Pending> due = new ArrayList<>();
        synchronized (pending) {
            Iterator<Pending> it = pending.values().iterator();
            while (it.hasNext()) {
                Pending p = it.next();
                if (p.deadline.isAfter(now)) {
                    break; // insertion order = deadline order
                }
                due.add(p);
                it.remove();
            }
        }
        for (Pending p : due) {
            try {
                p.deliver();
            } catch (RuntimeException e) {
                // a failing consumer must not stop the deliveries of the others
            }
        }
    }

    public int pendingCount() {
        synchronized (pending) {
            return pending.size();
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        flushDue(Instant.MAX);
    }

    private record Key(byte[] canonical) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(canonical, k.canonical);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(canonical);
        }
    }

    private static final class Pending {
        private ReceivedFrame best;
        private Consumer<Heard> deliver;
        private final List<Reception> receptions = new ArrayList<>(2);
        private final Instant deadline;

        Pending(ReceivedFrame frame, Consumer<Heard> deliver, Reception r, Instant deadline) {
            this.best = frame;
            this.deliver = deliver;
            this.receptions.add(r);
            this.deadline = deadline;
        }

        void add(ReceivedFrame frame, Consumer<Heard> d, Reception r) {
            // the same receiver twice (a repeater, a reflection) counts once, at its strongest
            receptions.removeIf(x -> x.receiverId().equals(r.receiverId()) && Reception.strongestFirst(r, x) < 0);
            if (receptions.stream().noneMatch(x -> x.receiverId().equals(r.receiverId()))) {
                receptions.add(r);
            }
            if (Reception.strongestFirst(r, new Reception(best.receiverId(), best.rssi())) < 0) {
                best = frame;
                deliver = d;
            }
        }

        void deliver() {
            List<Reception> sorted = new ArrayList<>(receptions);
            sorted.sort(Reception::strongestFirst);
            deliver.accept(new Heard(best, List.copyOf(sorted)));
        }
    }
}
