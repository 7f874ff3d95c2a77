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
 * <p>{@link Digits#HEX} finds meters whose ids contain A-E nibbles, which a decimal scan (libmbus)
 * never selects alone. Probing A-E at every narrowed nibble would cost 50 % more probes on the usual
 * all-decimal bus; instead the decimal tree runs first and then one sweep probes each position with
 * each letter (40 probes, almost all unanswered), expanding only the sweeps that answer. F is the
 * selection wildcard itself, so a nibble F in an id can only be matched by the wildcard: such a meter
 * is found when it is alone in its branch, else it is reported as unresolved.
 */
public final class SecondaryScan {

    public enum Digits { DECIMAL, HEX }

    private static final String DECIMAL = "0123456789";
    private static final String ALL = "0123456789ABCDE";
    private static final String LETTERS = "ABCDE";

    private final MbusMaster master;
    private final Digits digits;
    private final SecondaryAddress filter;

    private final Map<String, FoundMeter> found = new LinkedHashMap<>();
    private final List<String> conflicts = new ArrayList<>();
    private ScanControl control;
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

    private static final class Cancelled extends Exception {
        Cancelled() {
            super(null, null, false, false);
        }
    }

    public ScanResult run(ScanControl control) throws IOException, InterruptedException {
        this.control = control;
        long t0 = System.nanoTime();
        probesAtStart = master.counters().probes();
        boolean cancelled = false;
        try {
            double treeShare = digits == Digits.HEX ? 0.9 : 1.0;
            explore("FFFFFFFF".toCharArray(), DECIMAL, treeShare);
            if (digits == Digits.HEX) {
                double sweepShare = (1.0 - treeShare) / (8 * LETTERS.length());
                for (int p = 7; p >= 0; p--) {
                    for (char h : LETTERS.toCharArray()) {
                        char[] mask = "FFFFFFFF".toCharArray();
                        mask[p] = h;
                        explore(mask, ALL, sweepShare);
                    }
                }
            }
        } catch (Cancelled c) {
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

    private void explore(char[] mask, String alphabet, double share) throws IOException, InterruptedException, Cancelled {
        if (control.isCancelled()) {
            throw new Cancelled();
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
        double childShare = share / alphabet.length();
        for (int i = 0; i < alphabet.length(); i++) {
            mask[p] = alphabet.charAt(i);
            explore(mask, alphabet, childShare);
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
            found.putIfAbsent(new MeterAddress.Secondary(full).toString(), new FoundMeter(new MeterAddress.Secondary(full), h));
        } catch (MbusDecodeException | RuntimeException e) {
            conflicts.add("meter selected by " + mask.id() + " answered with an undecodable telegram: " + e.getMessage());
        }
        return true;
    }
}
