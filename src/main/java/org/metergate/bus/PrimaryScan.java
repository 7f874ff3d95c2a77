package org.metergate.bus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.metergate.mbus.Frame;
import org.metergate.mbus.MasterRequests;
import org.metergate.mbus.MbusDecodeException;
import org.metergate.mbus.Telegram;
import org.metergate.mbus.TelegramDecoder;

/** Primary scan (SPEC A7): SND_NKE to each address 0..250; a meter that acknowledges is read once for its header. */
public final class PrimaryScan {

    private final MbusMaster master;

    public PrimaryScan(MbusMaster master) {
        this.master = master;
    }

    public ScanResult run(int from, int to, ScanControl control) throws IOException, InterruptedException {
        if (from < 0 || to > 250 || from > to) {
            throw new IllegalArgumentException("primary scan range must lie within 0..250");
        }
        long t0 = System.nanoTime();
        List<FoundMeter> found = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        long probes = 0;
        int total = to - from + 1;
        for (int a = from; a <= to; a++) {
            if (control.isCancelled()) {
                return new ScanResult(found, probes, conflicts, true, java.time.Duration.ofNanos(System.nanoTime() - t0));
            }
            control.report(new ScanProgress(probes, found.size(), (double) (a - from) / total, String.valueOf(a)));
            Reply ping = master.exchange(MasterRequests.sndNke(a));
            probes++;
            if (ping.kind() == Reply.Kind.COLLISION) {
                conflicts.add("primary address " + a + ": garbled answer (two meters on one address?)");
                continue;
            }
            if (!ping.isAck()) {
                continue;
            }
            // Two meters' E5 overlap into one clean E5; their telegrams do not, so the header read tells.
            Reply header = master.reqUd2(a, true);
            if (header.kind() == Reply.Kind.COLLISION) {
                conflicts.add("primary address " + a + ": several meters answer (collision on REQ_UD2): give them"
                        + " different primary addresses or read them by secondary address");
                continue;
            }
            FoundMeter meter = new FoundMeter(new MeterAddress.Primary(a), header(header));
            found.add(meter);
            control.found(meter);
        }
        control.report(new ScanProgress(probes, found.size(), 1.0, String.valueOf(to)));
        return new ScanResult(found, probes, conflicts, false, java.time.Duration.ofNanos(System.nanoTime() - t0));
    }

    private static org.metergate.mbus.Header header(Reply r) {
        if (r.isSingle() && r.frame() instanceof Frame.LongFrame lf) {
            try {
                Telegram t = TelegramDecoder.decode(lf);
                return t.header();
            } catch (MbusDecodeException e) {
                return null;
            }
        }
        return null;
    }
}
