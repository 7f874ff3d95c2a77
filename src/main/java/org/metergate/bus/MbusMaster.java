package org.metergate.bus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.metergate.mbus.Frame;
import org.metergate.mbus.FrameReader;
import org.metergate.mbus.MasterRequests;
import org.metergate.mbus.SecondaryAddress;

/**
 * The master side of one bus: sends a request, collects the answer and classifies it. It keeps
 * the gaps EN 13757-2 and the settings ask for, drops echoes of its own requests (some level
 * converters echo), and treats anything that is not exactly one valid frame as a collision.
 * Used by one thread only: the bus owner's.
 *
 * <p>Line speed (SPEC A1): a job asks for the speed it needs ({@link #useBaud}); the port is switched
 * when the next request goes out and only if it runs at another speed, so consecutive meters of one
 * speed cost no switch. The bus owner asks for the default speed before every job.
 */
public final class MbusMaster {

    private final Transport transport;
    private final TimingProfile profile;
    private volatile BusTiming timing;
    /** The speed the next request must go out at; 0 = the transport's default. */
    private int wantedBaud;
    private final Sleeper sleeper;
    private final FrameReader reader = new FrameReader(true);
    private final byte[] buffer = new byte[512];
    /** When the line was last busy (nanoTime): the next request waits for the gap after it. */
    private long lineFreeAt;
    private final BusCounters counters = new BusCounters();
    /**
     * Per primary address 0..250, the FCB that asks for a fresh first telegram: known after a SND_NKE was
     * acknowledged or a readout's last REQ_UD2 was answered; null when the meter's link state is unknown.
     */
    private final Boolean[] freshFcb = new Boolean[251];

    /** A master whose readouts use its current {@link #timing()} whatever the meter's speed and mode. */
    public MbusMaster(Transport transport, BusTiming timing, Sleeper sleeper) {
        this(transport, timing, null, sleeper);
    }

    /**
     * @param timing  for jobs that are not meter readouts (scans, raw sends)
     * @param profile the timing set of a meter readout by the meter's speed and multi-telegram mode; null = {@code timing}
     */
    public MbusMaster(Transport transport, BusTiming timing, TimingProfile profile, Sleeper sleeper) {
        this.transport = transport;
        this.timing = timing;
        this.profile = profile;
        this.sleeper = sleeper;
    }

    /** The timing set a readout at {@code baud} in this multi-telegram mode starts from (SPEC A6). */
    public BusTiming timingFor(int baud, boolean multiTelegram) {
        return profile == null ? timing : profile.timing(baud, multiTelegram);
    }

    /** The speed the following requests go out at ({@code 0} = the bus default); applied lazily by the next send. */
    public void useBaud(int baud) {
        this.wantedBaud = baud == transport.defaultBaud() ? 0 : baud;
    }

    /** The speed the following requests go out at. */
    public int wantedBaud() {
        return wantedBaud == 0 ? transport.defaultBaud() : wantedBaud;
    }

    /** Back to the bus's default speed now (after a readout cycle), not only at the next request. */
    public void restoreDefaultBaud() throws IOException {
        wantedBaud = 0;
        if (transport.isOpen() && transport.baud() != transport.defaultBaud()) {
            switchBaud(transport.defaultBaud());
        }
    }

    private void switchBaud(int baud) throws IOException {
        transport.switchBaud(baud);
        counters.baudSwitched();
        // what arrived at the old speed is garbage at the new one
        transport.discardInput();
    }

    public Transport transport() {
        return transport;
    }

    public BusTiming timing() {
        return timing;
    }

    public void setTiming(BusTiming timing) {
        this.timing = timing;
    }

    public BusCounters counters() {
        return counters;
    }

    /** Sends a request and waits for its answer. */
    public Reply exchange(byte[] request) throws IOException, InterruptedException {
        return exchange(request, timing.responseTimeout());
    }

    public Reply exchange(byte[] request, int responseTimeoutMillis) throws IOException, InterruptedException {
        send(request);
        Reply reply = receive(responseTimeoutMillis);
        counters.replied(reply.kind());
        if (reply.kind() == Reply.Kind.COLLISION) {
            pause(timing.collisionRecovery());
        }
        return reply;
    }

    /**
     * A command frame from outside the readout logic (the REST send, the {@code mbus:} producer): it may reset,
     * re-address or read any meter, so every meter's link state is forgotten first. Returns null when no answer
     * is expected; {@code responseTimeoutMillis} null means the bus timing's.
     */
    public Reply sendRaw(byte[] frame, Integer responseTimeoutMillis, boolean expectAnswer)
            throws IOException, InterruptedException {
        forgetLinkStates();
        if (!expectAnswer) {
            send(frame);
            return null;
        }
        return exchange(frame, responseTimeoutMillis == null ? timing.responseTimeout() : responseTimeoutMillis);
    }

    private void send(byte[] request) throws IOException, InterruptedException {
        transport.open();
        int baud = wantedBaud();
        if (transport.baud() != baud) {
            switchBaud(baud);
        }
        long wait = lineFreeAt - sleeper.nanoTime();
        if (wait > 0) {
            sleeper.sleepNanos(wait);
        }
        transport.discardInput();
        reader.clear();
        transport.write(request);
        counters.sent(request.length);
        // The request occupies the line for its character time, whether or not the transport buffers it.
        lineFreeAt = sleeper.nanoTime() + BusTiming.charNanos(request.length, transport.baud());
    }

    private Reply receive(int responseTimeoutMillis) throws IOException, InterruptedException {
        long discardedBefore = reader.discardedBytes();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        List<Frame> frames = new ArrayList<>(1);
        long deadline = lineFreeAt + responseTimeoutMillis * 1_000_000L;
        int settle = Math.min(timing.interRequestGap(), Math.max(20, BusTiming.ceilMillis(3L * BusTiming.BITS_PER_CHAR, transport.baud())));
        while (true) {
            int wait;
            boolean idle = frames.isEmpty() && reader.pending() == 0;
            if (idle) {
                long left = deadline - sleeper.nanoTime();
                if (left <= 0) {
                    break;
                }
                wait = (int) Math.max(1, (left + 999_999) / 1_000_000);
            } else if (reader.pending() > 0) {
                wait = timing.interCharTimeout();
            } else {
                // A complete answer: listen a little longer, a second slave's bytes mean a collision.
                wait = settle;
            }
            int n = transport.read(buffer, wait);
            if (n == 0) {
                if (idle) {
                    continue;
                }
                break;
            }
            raw.write(buffer, 0, n);
            frames.addAll(reader.feed(buffer, 0, n));
        }
        long garbage = reader.discardedBytes() - discardedBefore + reader.pending();
        reader.clear();
        lineFreeAt = sleeper.nanoTime() + timing.interRequestGap() * 1_000_000L;
        byte[] bytes = raw.toByteArray();
        if (frames.isEmpty() && garbage == 0) {
            return new Reply(Reply.Kind.NONE, null, bytes, "no answer within " + responseTimeoutMillis + " ms");
        }
        if (frames.size() == 1 && garbage == 0) {
            return new Reply(Reply.Kind.SINGLE, frames.get(0), bytes, "ok");
        }
        return new Reply(Reply.Kind.COLLISION, null, bytes,
                frames.size() + " valid frame(s) and " + garbage + " garbled byte(s)");
    }

    /** Keeps the line quiet for at least {@code millis} from now (after SND_NKE, after collisions). */
    public void pause(int millis) {
        lineFreeAt = Math.max(lineFreeAt, sleeper.nanoTime() + millis * 1_000_000L);
    }

    /** SND_NKE: resets the meter's link layer (FCB) and checks that it is there. */
    public Reply sndNke(int address) throws IOException, InterruptedException {
        Reply r = exchange(MasterRequests.sndNke(address));
        pause(timing.waitAfterInit());
        if (address < freshFcb.length) {
            freshFcb[address] = r.isAck() ? Boolean.TRUE : null;
        }
        return r;
    }

    /**
     * Forgets every primary address's link state, so each next readout resets its meter's link first: after a
     * raw command the master cannot tell which meters it reset, re-addressed or read.
     */
    public void forgetLinkStates() {
        java.util.Arrays.fill(freshFcb, null);
    }

    /**
     * The FCB a readout of the meter at this primary address starts with, or null when its link state is
     * unknown (not reset or read since the gateway started, or its last request went unanswered).
     */
    public Boolean freshFcb(int address) {
        return freshFcb[address];
    }

    /** SND_UD selection on address 253; SINGLE+ACK = exactly one meter selected. */
    public Reply select(SecondaryAddress mask) throws IOException, InterruptedException {
        counters.probe();
        return exchange(MasterRequests.selectSecondary(mask));
    }

    /**
     * REQ_UD2 with this FCB. For a primary address the answer is remembered: the meter now holds this FCB, so a
     * readout that starts later must toggle it or get this telegram again; unanswered, its link state is unknown.
     */
    public Reply reqUd2(int address, boolean fcb) throws IOException, InterruptedException {
        Reply r = exchange(MasterRequests.reqUd2(address, fcb));
        if (address < freshFcb.length) {
            freshFcb[address] = r.isSingle() ? Boolean.valueOf(!fcb) : null;
        }
        return r;
    }
}
