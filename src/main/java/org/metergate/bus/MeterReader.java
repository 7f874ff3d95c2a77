package org.metergate.bus;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.metergate.mbus.ControlField;
import org.metergate.mbus.Frame;
import org.metergate.mbus.FrameCodec;
import org.metergate.mbus.MasterRequests;
import org.metergate.mbus.MbusDecodeException;
import org.metergate.mbus.MeterReadout;
import org.metergate.mbus.Telegram;
import org.metergate.mbus.TelegramDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one meter (SPEC A1, A3, A5, A6): at the meter's own line speed, with the timing set of its
 * multi-telegram mode and its own overrides, selects it when addressed by secondary address, then sends
 * REQ_UD2 and follows "more records follow" with a toggled FCB. A retry repeats the same FCB, so
 * the meter repeats its last telegram instead of skipping one.
 *
 * <p>A meter keeps the FCB of its last answered REQ_UD2 between readouts (EN 13757-2): a readout that
 * started with that same FCB would get the old telegram again. A secondary selection starts a fresh
 * readout; for a primary address the master remembers the FCB to start with, and where it does not know
 * it (first readout since start, or the meter stopped answering) it resets the link with SND_NKE first.
 */
public final class MeterReader {

    private static final Logger LOG = LoggerFactory.getLogger(MeterReader.class);

    private final MbusMaster master;
    private final Clock clock;

    public MeterReader(MbusMaster master, Clock clock) {
        this.master = master;
        this.clock = clock;
    }

    /**
     * Reads a meter with its own settings: its speed, and the timing set of its multi-telegram mode with
     * its overrides, apply to this readout only (the speed stays until the next job asks for another, so
     * meters of one speed read in a row switch once). A meter whose speed the transport cannot run (an
     * M-Bus-over-IP converter has a fixed speed) fails with {@link ReadoutResult.Status#BAUD_MISMATCH}
     * without a request on the bus: read at the wrong speed it could only answer garbage.
     */
    public ReadoutResult read(ReadoutRequest request) throws IOException, InterruptedException {
        Transport transport = master.transport();
        int baud = request.baudOn(transport.defaultBaud());
        if (baud != transport.defaultBaud() && !transport.canSwitchBaud()) {
            return new ReadoutResult(request.address(), ReadoutResult.Status.BAUD_MISMATCH, List.of(), null,
                    request.address() + " is set to " + baud + " baud but " + transport.describe() + " runs at a fixed "
                            + transport.defaultBaud() + " baud (an M-Bus-over-IP converter cannot switch speed): "
                            + "set the meter to " + transport.defaultBaud() + " baud or move it to a bus of its speed",
                    0, clock.instant(), Duration.ZERO);
        }
        master.useBaud(baud);
        BusTiming bus = master.timing();
        master.setTiming(request.timing(master.timingFor(baud, request.multi().enabled())));
        try {
            return readNow(request.address(), request.multi());
        } finally {
            master.setTiming(bus);
        }
    }

    /** Reads at the bus's default speed with the bus's timing set for {@code multi} (ad-hoc reads). */
    public ReadoutResult read(MeterAddress address, MultiTelegram multi) throws IOException, InterruptedException {
        return read(ReadoutRequest.of(address, multi));
    }

    private ReadoutResult readNow(MeterAddress address, MultiTelegram multi) throws IOException, InterruptedException {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        long requestsBefore = master.counters().requests();
        Outcome o = readInternal(address, multi);
        return new ReadoutResult(address, o.status, o.frames, o.readout, o.message,
                (int) (master.counters().requests() - requestsBefore), started, Duration.ofNanos(System.nanoTime() - t0));
    }

    private record Outcome(ReadoutResult.Status status, List<byte[]> frames, MeterReadout readout, String message) {}

    private Outcome readInternal(MeterAddress address, MultiTelegram multi) throws IOException, InterruptedException {
        BusTiming timing = master.timing();
        int linkAddress;
        if (address instanceof MeterAddress.Secondary s) {
            Reply selected = null;
            for (int attempt = 0; attempt <= timing.selectionRetries(); attempt++) {
                selected = master.select(s.address());
                if (selected.isAck()) {
                    break;
                }
            }
            if (!selected.isAck()) {
                return new Outcome(selected.kind() == Reply.Kind.COLLISION ? ReadoutResult.Status.COLLISION
                        : ReadoutResult.Status.SELECTION_FAILED, List.of(), null,
                        "selection of " + address + " failed: " + selected.detail());
            }
            linkAddress = MasterRequests.SELECTED;
        } else {
            linkAddress = ((MeterAddress.Primary) address).address();
        }
        boolean primary = linkAddress <= 250; // not the selected meter (253) or a broadcast
        boolean fcb = true;
        if (primary) {
            if (master.freshFcb(linkAddress) == null) {
                master.sndNke(linkAddress); // an unanswered reset leaves it unknown; REQ_UD2 then reports the meter
            }
            Boolean fresh = master.freshFcb(linkAddress);
            fcb = fresh == null || fresh;
        }
        List<byte[]> frames = new ArrayList<>();
        List<Telegram> telegrams = new ArrayList<>();
        while (true) {
            Reply reply = null;
            for (int attempt = 0; attempt <= timing.readoutRetries(); attempt++) {
                reply = master.reqUd2(linkAddress, fcb);
                if (reply.isSingle() && reply.frame() instanceof Frame.LongFrame lf && ControlField.isRspUd(lf.c())) {
                    break;
                }
            }
            if (!(reply.isSingle() && reply.frame() instanceof Frame.LongFrame answer && ControlField.isRspUd(answer.c()))) {
                ReadoutResult.Status status = reply.kind() == Reply.Kind.COLLISION ? ReadoutResult.Status.COLLISION
                        : ReadoutResult.Status.NO_ANSWER;
                String what = reply.kind() == Reply.Kind.SINGLE ? "unexpected answer " + reply.frame() : reply.detail();
                return new Outcome(status, frames, null, "telegram " + (telegrams.size() + 1) + " of " + address + ": " + what);
            }
            byte[] bytes = FrameCodec.encode(answer);
            frames.add(bytes);
            Telegram telegram;
            try {
                telegram = TelegramDecoder.decode(answer);
            } catch (MbusDecodeException e) {
                return new Outcome(ReadoutResult.Status.DECODE_ERROR, frames, null,
                        "telegram " + (telegrams.size() + 1) + " of " + address + " cannot be decoded: " + e.getMessage());
            }
            if (telegram.isApplicationError()) {
                return new Outcome(ReadoutResult.Status.SLAVE_ERROR, frames, null,
                        address + " reports an application error: " + telegram.error().description());
            }
            telegrams.add(telegram);
            if (!telegram.moreRecordsFollow() || telegrams.size() >= multi.limit()) {
                if (telegram.moreRecordsFollow() && multi.auto()) {
                    LOG.warn("{} still announces more telegrams after {}: stopped at the safety cap of auto multi-telegram"
                            + " readouts (set a limit of up to {} on the meter to read more)", address, telegrams.size(), MultiTelegram.MAX);
                }
                break;
            }
            fcb = !fcb;
        }
        try {
            MeterReadout merged = MeterReadout.merge(telegrams);
            return new Outcome(ReadoutResult.Status.OK, frames, merged,
                    telegrams.size() + (telegrams.size() == 1 ? " telegram" : " telegrams")
                            + (merged.complete() ? "" : ", more announced (" + (multi.auto() ? "auto safety cap " : "limit ")
                            + multi.limit() + ")"));
        } catch (MbusDecodeException e) {
            return new Outcome(ReadoutResult.Status.DECODE_ERROR, frames, null, e.getMessage());
        }
    }
}
