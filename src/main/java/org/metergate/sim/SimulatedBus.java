package org.metergate.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.metergate.mbus.ControlField;
import org.metergate.mbus.Frame;
import org.metergate.mbus.FrameCodec;
import org.metergate.mbus.MasterRequests;
import org.metergate.mbus.MbusDecodeException;

/**
 * The slave side of one bus segment: every meter hears every master frame, and this class
 * decides which of them answer, with what, and when ({@link #respond(Frame)}).
 *
 * <p>Addressing (EN 13757-2/-3): 0..250 primary (every meter with that address reacts, so two
 * meters sharing an address collide, as on a real bus), 253 the meter(s) selected by secondary
 * address, 254 all meters with answer, 255 all meters without answer. Secondary selection is
 * SND_UD CI 52h to 253 with the 8-byte mask; matching meters select themselves and acknowledge,
 * all others deselect.
 *
 * <p>Collisions: when two or more answers (or one meter with the collide fault) overlap in time,
 * they are combined bit by bit as on the wire ({@link UartOverlay}). Meters on one segment react
 * within a few bit times of each other, so additional answers start 1 to 8 bit times (random,
 * distinct, in sixteenths of a bit) after the first: every collision overlaps inside the first
 * character and even two single-character E5 acknowledgements arrive as garbage, never as a
 * valid E5. A late meter (fault) answers after the others and may arrive separately.
 *
 * <p>Speeds (SPEC A1): a meter may run at its own speed ({@link SimulatedMeter#baud(int)}). It reacts
 * only to frames its UART decoded at that speed ({@link #respond(Frame, int)}; {@link SlaveLink} feeds
 * each speed the master's bytes as a UART at that speed receives them) and answers at that speed.
 */
public final class SimulatedBus {
    private static final int MIN_SKEW_TICKS = UartOverlay.TICKS_PER_BIT;
    /**
     * At most 8 bits: the second start bit then falls on a data-bit sample of the first
     * character. From 8.5 bits on, a lone E5 could keep its data bits intact and pass as a valid
     * acknowledgement with only a parity error, which many receivers do not report.
     */
    private static final int MAX_SKEW_TICKS = 8 * UartOverlay.TICKS_PER_BIT;

    private final List<SimulatedMeter> meters;
    private final WireTiming timing;
    private final Random skew;
    /** The speed of the frame being answered (guarded by this). */
    private int hearing;

    public SimulatedBus(List<SimulatedMeter> meters, WireTiming timing) {
        this(meters, timing, 1);
    }

    /** @param seed for the skew between colliding answers, so collision bytes are reproducible */
    public SimulatedBus(List<SimulatedMeter> meters, WireTiming timing, long seed) {
        this.meters = List.copyOf(meters);
        this.timing = timing;
        this.skew = new Random(seed);
    }

    public List<SimulatedMeter> meters() {
        return meters;
    }

    public WireTiming timing() {
        return timing;
    }

    public Optional<SimulatedMeter> byPrimaryAddress(int address) {
        return meters.stream().filter(m -> m.primaryAddress() == address).findFirst();
    }

    public Optional<SimulatedMeter> byId(String id) {
        return meters.stream().filter(m -> m.id().equalsIgnoreCase(id)).findFirst();
    }

    /** The speed {@code m}'s UART runs at: its own, else the bus's. */
    public int baudOf(SimulatedMeter m) {
        return m.baud() == 0 ? timing.baud() : m.baud();
    }

    /** The speeds the meters on this bus listen at (the bus's own first). */
    public Set<Integer> speeds() {
        Set<Integer> out = new java.util.LinkedHashSet<>();
        out.add(timing.baud());
        meters.forEach(m -> out.add(baudOf(m)));
        return out;
    }

    /** The wire timing of answers at {@code baud}: the bus's own, or the standard one at another speed. */
    WireTiming timingAt(int baud) {
        return baud == timing.baud() ? timing : WireTiming.of(baud);
    }

    /** Parses one master frame and answers it; see {@link #respond(Frame)}. */
    public Transmission respond(byte[] request) throws MbusDecodeException {
        return respond(FrameCodec.parse(request));
    }

    /**
     * The slaves' reaction to one master frame: their state changes and what the master's UART
     * receives, timed from the end of the request's last character. Slave frames and E5 from
     * the master side (echoes, noise) get no reaction.
     */
    public Transmission respond(Frame request) {
        return respond(request, timing.baud());
    }

    /**
     * The reaction of the meters whose UART runs at {@code baud} to a frame decoded at that speed; the
     * others did not receive it (they got garbage). Their answers go out at that speed.
     */
    public synchronized Transmission respond(Frame request, int baud) {
        hearing = baud;
        List<Answer> answers = new ArrayList<>();
        if (request instanceof Frame.ShortFrame s && ControlField.fromMaster(s.c())) {
            boolean fcb = (s.c() & ControlField.FCB) != 0;
            for (SimulatedMeter m : targets(s.a())) {
                byte[] a = switch (s.c() & 0x4F) {
                    case 0x40 -> s.a() == MasterRequests.SELECTED ? m.sndNkeSelected() : m.sndNke();
                    case 0x4B -> m.reqUd2(fcb);
                    case 0x4A -> m.reqUd1();
                    default -> null;
                };
                add(answers, m, a, s.a());
            }
        } else if (request instanceof Frame.ControlFrame cf && isSndUd(cf.c())) {
            sndUd(answers, cf.a(), cf.ci(), new byte[0]);
        } else if (request instanceof Frame.LongFrame lf && isSndUd(lf.c())) {
            sndUd(answers, lf.a(), lf.ci(), lf.data().toArray());
        }
        return schedule(answers);
    }

    private static boolean isSndUd(int c) {
        return ControlField.fromMaster(c) && (c & 0x4F) == 0x43;
    }

    private void sndUd(List<Answer> answers, int a, int ci, byte[] data) {
        if (ci == MasterRequests.CI_SELECTION && a == MasterRequests.SELECTED) {
            if (data.length != 8) {
                return; // selection with fabrication number etc.: not supported, no meter reacts
            }
            for (SimulatedMeter m : live()) {
                add(answers, m, m.select(data), a);
            }
            return;
        }
        for (SimulatedMeter m : targets(a)) {
            byte[] r;
            if (ci == MasterRequests.CI_APPLICATION_RESET) {
                r = m.applicationReset();
            } else if (ci == MasterRequests.CI_DATA_SEND && data.length == 3 && data[0] == 0x01 && data[1] == 0x7A) {
                r = m.changePrimaryAddress(data[2] & 0xFF);
            } else {
                r = m.otherSndUd();
            }
            add(answers, m, r, a);
        }
    }

    private static void add(List<Answer> answers, SimulatedMeter m, byte[] bytes, int address) {
        if (bytes != null && address != MasterRequests.BROADCAST) {
            answers.add(new Answer(m, bytes));
        }
    }

    /** The meters that heard the current frame: not silent, and at the speed it was decoded at. */
    private List<SimulatedMeter> live() {
        return meters.stream().filter(m -> !m.faults().silent() && baudOf(m) == hearing).toList();
    }

    private List<SimulatedMeter> targets(int address) {
        return switch (address) {
            case MasterRequests.SELECTED -> live().stream().filter(SimulatedMeter::selected).toList();
            case MasterRequests.BROADCAST_WITH_REPLY, MasterRequests.BROADCAST -> live();
            default -> live().stream().filter(m -> m.primaryAddress() == address).toList();
        };
    }

    private record Answer(SimulatedMeter meter, byte[] bytes) {
    }

    private record Timed(byte[] bytes, long start) {
        long end(long charNanos) {
            return start + bytes.length * charNanos;
        }
    }

    /** Places the answers on the timeline and merges the ones that overlap. */
    private Transmission schedule(List<Answer> answers) {
        if (answers.isEmpty()) {
            return Transmission.NONE;
        }
        WireTiming timing = timingAt(hearing);
        double tick = timing.bitNanos() / UartOverlay.TICKS_PER_BIT;
        long delay = timing.answerDelay().toNanos();
        Set<Integer> usedSkews = new HashSet<>();
        List<Timed> timed = new ArrayList<>();
        for (Answer a : answers) {
            long start = delay + a.meter().faults().lateBy().toNanos();
            int copies = a.meter().faults().collide() ? 2 : 1;
            for (int i = 0; i < copies; i++) {
                int ticks = timed.isEmpty() ? 0 : distinctSkew(usedSkews);
                timed.add(new Timed(a.bytes(), start + Math.round(ticks * tick)));
            }
        }
        timed.sort(Comparator.comparingLong(Timed::start));
        long charNanos = timing.charNanos();
        Transmission out = Transmission.NONE;
        int i = 0;
        while (i < timed.size()) {
            List<Timed> group = new ArrayList<>(List.of(timed.get(i)));
            long end = timed.get(i).end(charNanos);
            int j = i + 1;
            while (j < timed.size() && timed.get(j).start() < end) {
                group.add(timed.get(j));
                end = Math.max(end, timed.get(j).end(charNanos));
                j++;
            }
            out = out.append(group.size() == 1
                    ? Transmission.paced(group.get(0).bytes(), group.get(0).start(), charNanos)
                    : collide(group, tick));
            i = j;
        }
        return out;
    }

    private int distinctSkew(Set<Integer> used) {
        int range = MAX_SKEW_TICKS - MIN_SKEW_TICKS + 1;
        int t = MIN_SKEW_TICKS + skew.nextInt(range);
        for (int n = 0; n < range && !used.add(t); n++) {
            t = MIN_SKEW_TICKS + (t - MIN_SKEW_TICKS + 1) % range; // more answers than skews: reuse is harmless then
        }
        return t;
    }

    private static Transmission collide(List<Timed> group, double tick) {
        long base = group.get(0).start();
        List<UartOverlay.Burst> bursts = new ArrayList<>();
        for (Timed t : group) {
            bursts.add(new UartOverlay.Burst(t.bytes(), (int) Math.round((t.start() - base) / tick)));
        }
        List<UartOverlay.Received> rx = UartOverlay.overlay(bursts);
        byte[] b = UartOverlay.bytes(rx);
        long[] due = new long[rx.size()];
        for (int k = 0; k < due.length; k++) {
            due[k] = base + Math.round(rx.get(k).tick() * tick);
        }
        return new Transmission(b, due);
    }
}
