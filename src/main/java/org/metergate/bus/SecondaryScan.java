package org.metergate.bus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metergate.mbus.Frame;
import org.metergate.mbus.Header;
import org.metergate.mbus.MasterRequests;
import org.metergate.mbus.MbusDecodeException;
import org.metergate.mbus.SecondaryAddress;
import org.metergate.mbus.Telegram;
import org.metergate.mbus.TelegramDecoder;

/**
 * Secondary wildcard scan (SPEC A7): select with a mask; no answer prunes the branch, one
 * acknowledgement is read for the meter's full address, a collision narrows one more id nibble.
 *
 * <p>Nibbles are narrowed from the last (least significant) to the first: real fleets are ranges of
 * serial numbers that share their leading digits, so the last digit splits them evenly at once.
 *
 * <p>{@link Digits#DECIMAL} is the libmbus-style tree (0-9 at each narrowed nibble); it never selects
 * an id with an A-E nibble alone. {@link Digits#HEX} finds those too and needs fewer selections:
 * {@link SecondarySearch} skips selections whose answer earlier ones imply, covers cells of several
 * branches with cross selections and checks the A-E children last, grouped (docs/bus.md).
 */
public final class SecondaryScan {

    public enum Digits { DECIMAL, HEX }

    private static final String DECIMAL = "0123456789";

    private final MbusMaster master;
    private final Digits digits;
    private final SecondaryAddress filter;

    private final Map<String, FoundMeter> found = new LinkedHashMap<>();
    private final List<String> conflicts = new ArrayList<>();
    private ScanControl control;
    /** The meter the last {@link #readSelected} read, or null. */
    private FoundMeter lastRead;
    private double done;
    private long probesAtStart;

    /**
     * @param filter manufacturer, version and medium to narrow on (FFFF/FF = any); its id is ignored
     */
    public SecondaryScan(MbusMaster master, Digits digits, SecondaryAddress filter) {
        this.master = master;
        this.digits = digits;
        this.filter = filter;
    }

    public SecondaryScan(MbusMaster master, Digits digits) {
        this(master, digits, SecondaryAddress.wildcard());
    }

    public ScanResult run(ScanControl control) throws IOException, InterruptedException {
        this.control = control;
        long t0 = System.nanoTime();
        probesAtStart = master.counters().probes();
        boolean cancelled = false;
        try {
            if (digits == Digits.HEX) {
                new SecondarySearch(this::select, share -> done += share, conflicts).run();
            } else {
                explore("FFFFFFFF".toCharArray(), 1.0);
            }
        } catch (ScanCancelled c) {
            cancelled = true;
        }
        control.report(progress("done"));
        return new ScanResult(new ArrayList<>(found.values()), probes(), conflicts, cancelled,
                java.time.Duration.ofNanos(System.nanoTime() - t0));
    }

    private long probes() {
        return master.counters().probes() - probesAtStart;
    }

    private ScanProgress progress(String at) {
        return new ScanProgress(probes(), found.size(), Math.min(1.0, done), at);
    }

    /** One selection for {@link SecondarySearch}: the meter is read when exactly one acknowledges. */
    private Selection select(IdMask mask, int medium, int version) throws IOException, InterruptedException, ScanCancelled {
        if (control.isCancelled()) {
            throw new ScanCancelled();
        }
        if (outsideFilter(medium, filter.medium()) || outsideFilter(version, filter.version())) {
            return Selection.NONE; // no meter this scan looks for has that medium or version
        }
        control.report(progress(mask.text()));
        SecondaryAddress address = new SecondaryAddress(mask.text(), filter.manufacturer(),
                version == SecondarySearch.ANY ? filter.version() : version,
                medium == SecondarySearch.ANY ? filter.medium() : medium);
        Reply reply = master.select(address);
        if (reply.kind() == Reply.Kind.NONE) {
            return Selection.NONE;
        }
        if (!reply.isAck()) {
            return Selection.COLLISION;
        }
        if (!readSelected(address)) {
            return Selection.COLLISION; // several acknowledgements overlapped into one clean E5
        }
        if (lastRead == null) {
            return new Selection(Selection.Kind.SINGLE, null, 0); // acknowledged but unreadable: a conflict
        }
        return new Selection(Selection.Kind.SINGLE, lastRead, IdMask.of(lastRead.header().id()).bits());
    }

    private static boolean outsideFilter(int wanted, int filtered) {
        return wanted != SecondarySearch.ANY && filtered != SecondaryAddress.ANY && wanted != filtered;
    }

    /** The libmbus-style decimal tree: every collided mask is narrowed by 0-9 at its last wildcard. */
    private void explore(char[] mask, double share) throws IOException, InterruptedException, ScanCancelled {
        if (control.isCancelled()) {
            throw new ScanCancelled();
        }
        String id = new String(mask);
        control.report(progress(id));
        SecondaryAddress address = new SecondaryAddress(id, filter.manufacturer(), filter.version(), filter.medium());
        Reply reply = master.select(address);
        if (reply.kind() == Reply.Kind.NONE) {
            done += share;
            return;
        }
        // Several acknowledgements can overlap into what looks like one clean E5; their answers to
        // REQ_UD2 then collide, and the branch is narrowed like any other collision.
        if (reply.isAck() && readSelected(address)) {
            done += share;
            return;
        }
        int p = nextWildcard(mask);
        if (p < 0) {
            conflicts.add("several meters answer to " + id + " (same id with another manufacturer, version or medium,"
                    + " or an id with the nibble F)");
            done += share;
            return;
        }
        double childShare = share / DECIMAL.length();
        for (int i = 0; i < DECIMAL.length(); i++) {
            mask[p] = DECIMAL.charAt(i);
            explore(mask, childShare);
        }
        mask[p] = 'F';
    }

    private static int nextWildcard(char[] mask) {
        for (int p = mask.length - 1; p >= 0; p--) {
            if (mask[p] == 'F') {
                return p;
            }
        }
        return -1;
    }

    /**
     * The selected meter is read once (REQ_UD2 to 253) to learn its complete secondary address.
     * Returns false when the answers collide: more than one meter is selected.
     */
    private boolean readSelected(SecondaryAddress mask) throws IOException, InterruptedException {
        lastRead = null;
        Reply reply = null;
        for (int attempt = 0; attempt <= master.timing().readoutRetries(); attempt++) {
            reply = master.reqUd2(MasterRequests.SELECTED, true);
            if (reply.isSingle() && reply.frame() instanceof Frame.LongFrame) {
                break;
            }
        }
        if (reply.kind() == Reply.Kind.COLLISION) {
            return false;
        }
        if (!(reply.isSingle() && reply.frame() instanceof Frame.LongFrame lf)) {
            conflicts.add("a meter acknowledged selection " + mask.id() + " but did not answer REQ_UD2: " + reply.detail());
            return true;
        }
        try {
            Telegram t = TelegramDecoder.decode(lf);
            Header h = t.header();
            if (h == null || h.id() == null) {
                conflicts.add("meter selected by " + mask.id() + " answered without a secondary address");
                return true;
            }
            SecondaryAddress full = new SecondaryAddress(h.id(), h.manufacturerCode(), h.version(), h.medium());
            lastRead = new FoundMeter(new MeterAddress.Secondary(full), h);
            if (found.putIfAbsent(lastRead.address().toString(), lastRead) == null) {
                control.found(lastRead);
            }
        } catch (MbusDecodeException | RuntimeException e) {
            conflicts.add("meter selected by " + mask.id() + " answered with an undecodable telegram: " + e.getMessage());
        }
        return true;
    }
}
