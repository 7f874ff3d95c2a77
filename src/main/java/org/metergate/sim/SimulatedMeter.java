package org.metergate.sim;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.metergate.mbus.Bytes;
import org.metergate.mbus.DataRecord;
import org.metergate.mbus.FrameCodec;
import org.metergate.mbus.Header;
import org.metergate.mbus.TelegramEncoder;

/**
 * One simulated M-Bus slave: its identity ({@link MeterSpec}), its values ({@link MeterModel},
 * driven by a {@link Clock}) and its link-layer state.
 *
 * <p>Link layer as EN 13757-2 describes it: the slave remembers the FCB of the last REQ_UD2. A
 * REQ_UD2 with the same FCB means the master lost the answer, so the last telegram is repeated
 * unchanged (same access number). A toggled FCB acknowledges it and asks for the next telegram
 * of a multi-telegram readout, or a fresh readout after the last one. The first REQ_UD2 after
 * SND_NKE, a selection or an application reset starts a fresh readout whatever its FCB.
 *
 * <p>A readout takes one snapshot of the values when its first telegram is built, so the
 * telegrams of one multi-telegram readout agree with each other even with a running clock.
 *
 * <p>Thread-safe: a bus and a test (or the CLI) may look at a meter concurrently.
 */
public final class SimulatedMeter {
    private final MeterSpec initial;
    private final Clock clock;
    private final MeterModel model;
    private volatile MeterFaults faults = MeterFaults.NONE;
    /** The meter's UART speed; 0 = the speed of the bus it is on. */
    private volatile int baud;

    private int primaryAddress;
    private boolean selected;
    /** FCB of the last REQ_UD2 answered; null when the next REQ_UD2 starts a fresh readout. */
    private Boolean lastFcb;
    private byte[] lastTelegram;
    private List<List<DataRecord>> snapshot;
    private int nextTelegram;
    private int accessNumber;

    public SimulatedMeter(MeterSpec spec, Clock clock) {
        this.initial = spec;
        this.clock = clock;
        this.model = new MeterModel(spec);
        this.primaryAddress = spec.primaryAddress();
        this.accessNumber = (int) Math.floorMod(spec.seed() * 31, 256L);
    }

    /** The spec with the current primary address (a master may have changed it). */
    public synchronized MeterSpec spec() {
        return initial.withPrimaryAddress(primaryAddress);
    }

    public synchronized int primaryAddress() {
        return primaryAddress;
    }

    public String id() {
        return initial.id();
    }

    public Clock clock() {
        return clock;
    }

    public MeterFaults faults() {
        return faults;
    }

    /** Changes the meter's faults; takes effect with the next request. */
    public void faults(MeterFaults faults) {
        this.faults = java.util.Objects.requireNonNull(faults);
    }

    /** The meter's own line speed, 0 when it runs at its bus's speed. */
    public int baud() {
        return baud;
    }

    /**
     * Sets the meter's UART to {@code baud} (0 = the bus's speed): it then decodes only requests sent at
     * that speed (anything else reaches it as garbage) and answers at that speed.
     */
    public SimulatedMeter baud(int baud) {
        if (baud != 0 && (baud < 300 || baud > 38400)) {
            throw new IllegalArgumentException("baud must be 300..38400 (0 = the bus's): " + baud);
        }
        this.baud = baud;
        return this;
    }

    public synchronized boolean selected() {
        return selected;
    }

    /** The access number the next new telegram will carry. */
    public synchronized int accessNumber() {
        return accessNumber;
    }

    /** All records the meter reports at {@code at} (over all its telegrams), in telegram order. */
    public List<DataRecord> records(Instant at) {
        return model.records(at);
    }

    /** Records at the meter's clock's current instant. */
    public List<DataRecord> records() {
        return records(clock.instant());
    }

    /** The records of each telegram of a readout at {@code at}, without the 1Fh markers. */
    public List<List<DataRecord>> telegramRecords(Instant at) {
        return model.telegramRecords(at);
    }

    /** The meter's main counter (kWh, litres, kWh, m³ for heat, water, electricity, gas) at {@code at}. */
    public double counter(Instant at) {
        return model.counter(at);
    }

    // ---- link layer, called by SimulatedBus; each returns the frame to answer with or null ----

    /** SND_NKE: link reset. */
    synchronized byte[] sndNke() {
        resetReadout();
        return ack();
    }

    /** SND_NKE to 253: answers like SND_NKE and ends the selection (EN 13757-3 deselection). */
    synchronized byte[] sndNkeSelected() {
        selected = false;
        return sndNke();
    }

    synchronized byte[] reqUd2(boolean fcb) {
        if (lastFcb != null && lastFcb == fcb && lastTelegram != null) {
            return onWire(lastTelegram); // repeat: the master did not get it
        }
        if (snapshot == null || nextTelegram >= snapshot.size()) {
            snapshot = model.telegramRecords(clock.instant());
            nextTelegram = 0;
        }
        List<DataRecord> records = new ArrayList<>(snapshot.get(nextTelegram));
        boolean more = nextTelegram < snapshot.size() - 1 || faults.endless();
        if (more) {
            records.add(DataRecord.manufacturerData(Bytes.EMPTY, true));
        }
        Header h = TelegramEncoder.header(initial.id(), initial.manufacturer(), initial.version(),
                initial.medium(), accessNumber, faults.statusBits());
        lastTelegram = TelegramEncoder.rspUd(primaryAddress, h, records);
        accessNumber = (accessNumber + 1) & 0xFF;
        nextTelegram++;
        lastFcb = fcb;
        return onWire(lastTelegram);
    }

    /** REQ_UD1 (class 1 data): these meters have no alarms to report, so they acknowledge. */
    synchronized byte[] reqUd1() {
        return ack();
    }

    /**
     * Whether the 8 selection bytes (LSB first) match this meter: an F nibble in the id and
     * FFFFh / FFh in manufacturer, version, medium are wildcards; id nibbles compare as hex.
     */
    public boolean matches(byte[] mask) {
        byte[] own = initial.selectionMask();
        for (int i = 0; i < 4; i++) {
            for (int shift = 0; shift <= 4; shift += 4) {
                int m = (mask[i] >> shift) & 0x0F;
                if (m != 0x0F && m != ((own[i] >> shift) & 0x0F)) {
                    return false;
                }
            }
        }
        int man = (mask[4] & 0xFF) | (mask[5] & 0xFF) << 8;
        return (man == 0xFFFF || man == initial.manufacturerCode())
                && ((mask[6] & 0xFF) == 0xFF || (mask[6] & 0xFF) == initial.version())
                && ((mask[7] & 0xFF) == 0xFF || (mask[7] & 0xFF) == initial.medium());
    }

    /**
     * Secondary selection: a matching meter selects itself and acknowledges, any other meter
     * deselects silently. Selecting starts a fresh readout, as a newly selected meter has no
     * link state with this master.
     */
    synchronized byte[] select(byte[] mask) {
        if (matches(mask)) {
            selected = true;
            resetReadout();
            return ack();
        }
        selected = false;
        return null;
    }

    /** Application reset (CI 50h): back to the first telegram. */
    synchronized byte[] applicationReset() {
        resetReadout();
        return ack();
    }

    /** SND_UD CI 51h with DIF 01 VIF 7A: set the primary address, acknowledged first. */
    synchronized byte[] changePrimaryAddress(int address) {
        if (address < 0 || address > 250) {
            return null; // a real meter ignores an address it cannot take
        }
        primaryAddress = address;
        return ack();
    }

    /** Any other SND_UD: accepted and acknowledged (a real meter may act on it; this one does not). */
    synchronized byte[] otherSndUd() {
        return ack();
    }

    private void resetReadout() {
        lastFcb = null;
        lastTelegram = null;
        snapshot = null;
        nextTelegram = 0;
    }

    private static byte[] ack() {
        return new byte[] {(byte) FrameCodec.ACK};
    }

    /** Applies the checksum fault to long frames; the stored telegram stays intact. */
    private byte[] onWire(byte[] frame) {
        byte[] out = frame.clone();
        if (faults.badChecksum() && out.length > 5) {
            out[out.length - 2] ^= 0x5A;
        }
        return out;
    }

    @Override
    public String toString() {
        return "SimulatedMeter[" + primaryAddress() + ", " + initial.secondaryText() + "]";
    }
}
