package org.metergate.wireless;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metergate.camel.WmbusMessage;
import org.metergate.receiver.Reception;
import org.metergate.wmbus.MeterId;

/**
 * "Listen for N minutes" (SPEC A7, wireless scan): every meter heard in the period, with its status
 * (decodable, no key, wrong key ...) and each receiver's signal. Thread-safe.
 */
public final class ListenSession {

    /** One receiver's view of a found meter. */
    public record Heard(String receiverId, Integer lastRssi, Integer bestRssi, int telegrams) {
    }

    /** A meter heard during the session; receivers strongest first. */
    public record Found(String id, String manufacturer, int version, int medium, String status, String error,
            int telegrams, Long installedMeterId, List<Heard> receivers) {

        public MeterId meterId() {
            return MeterId.of(manufacturer, id, version, medium);
        }

        /** The receiver that hears it best (by last RSSI), or null. */
        public String strongestReceiver() {
            return receivers.isEmpty() ? null : receivers.get(0).receiverId();
        }
    }

    /** What the API shows. */
    public record Snapshot(boolean running, Instant startedAt, Instant endsAt, double progress, int telegrams,
            List<Found> meters) {
    }

    private final Instant startedAt;
    private final Instant endsAt;
    private final Map<MeterId, Entry> meters = new LinkedHashMap<>();
    private int telegrams;
    private boolean stopped;

    public ListenSession(Instant startedAt, Duration length) {
        this.startedAt = startedAt;
        this.endsAt = startedAt.plus(length);
    }

    public synchronized boolean running(Instant now) {
        return !stopped && now.isBefore(endsAt);
    }

    public synchronized void stop() {
        stopped = true;
    }

    /** Takes a telegram heard at {@code now} if the session is still running. */
    public synchronized void accept(WmbusMessage m, Long installedMeterId, Instant now) {
        if (!running(now)) {
            return;
        }
        telegrams++;
        MeterId id = m.meter();
        if (id == null) {
            return; // not even a link layer: nothing to install
        }
        Entry e = meters.computeIfAbsent(id, k -> new Entry());
        e.telegrams++;
        e.status = m.status();
        e.error = m.errorMessage();
        e.installed = installedMeterId;
        for (Reception r : m.receptions()) {
            e.receivers.merge(r.receiverId(), new Heard(r.receiverId(), r.rssi(), r.rssi(), 1),
                    (a, b) -> new Heard(a.receiverId(), b.lastRssi(), max(a.bestRssi(), b.bestRssi()), a.telegrams() + 1));
        }
    }

    private static Integer max(Integer a, Integer b) {
        return a == null ? b : b == null ? a : Math.max(a, b);
    }

    public synchronized Snapshot snapshot(Instant now) {
        boolean running = running(now);
        long total = Duration.between(startedAt, endsAt).toMillis();
        double progress = running ? Math.min(1.0, Duration.between(startedAt, now).toMillis() / (double) Math.max(1, total)) : 1.0;
        List<Found> found = new ArrayList<>();
        for (Map.Entry<MeterId, Entry> x : meters.entrySet()) {
            MeterId id = x.getKey();
            Entry e = x.getValue();
            List<Heard> rx = new ArrayList<>(e.receivers.values());
            rx.sort(Comparator.comparing((Heard h) -> new Reception(h.receiverId(), h.lastRssi()), Reception::strongestFirst));
            found.add(new Found(id.id(), id.manufacturer(), id.version(), id.deviceType(), e.status, e.error, e.telegrams,
                    e.installed, List.copyOf(rx)));
        }
        return new Snapshot(running, startedAt, endsAt, Math.round(progress * 1000) / 1000.0, telegrams, found);
    }

    private static final class Entry {
        int telegrams;
        String status;
        String error;
        Long installed;
        final Map<String, Heard> receivers = new LinkedHashMap<>();
    }
}
