package org.metergate.bus;

import java.util.concurrent.atomic.AtomicLong;

/** Traffic counters of one bus, for the API and Hawtio: requests, bytes, answers by kind, selection probes. */
public final class BusCounters {

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong answers = new AtomicLong();
    private final AtomicLong silences = new AtomicLong();
    private final AtomicLong collisions = new AtomicLong();
    private final AtomicLong probes = new AtomicLong();
    private final AtomicLong baudSwitches = new AtomicLong();

    void sent(int bytes) {
        requests.incrementAndGet();
        bytesSent.addAndGet(bytes);
    }

    void replied(Reply.Kind kind) {
        switch (kind) {
            case NONE -> silences.incrementAndGet();
            case SINGLE -> answers.incrementAndGet();
            case COLLISION -> collisions.incrementAndGet();
        }
    }

    void probe() {
        probes.incrementAndGet();
    }

    void baudSwitched() {
        baudSwitches.incrementAndGet();
    }

    public long requests() {
        return requests.get();
    }

    public long bytesSent() {
        return bytesSent.get();
    }

    public long answers() {
        return answers.get();
    }

    public long silences() {
        return silences.get();
    }

    public long collisions() {
        return collisions.get();
    }

    /** Line speed changes (meters of different speeds on one bus, SPEC A1): a readout cycle groups meters to keep this low. */
    public long baudSwitches() {
        return baudSwitches.get();
    }

    /** Secondary selections sent (the scan's cost figure). */
    public long probes() {
        return probes.get();
    }
}
