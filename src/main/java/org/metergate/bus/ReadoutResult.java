package org.metergate.bus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.metergate.mbus.MeterReadout;

/**
 * The outcome of reading one meter: the raw telegrams as received (kept even when decoding fails,
 * so a better decoder can read them later) and the merged decode when it succeeded.
 */
public record ReadoutResult(MeterAddress address, Status status, List<byte[]> telegrams, MeterReadout readout,
                            String message, int requests, Instant started, Duration elapsed) {

    /** BAUD_MISMATCH: the meter's speed differs from a transport's fixed speed; nothing was sent. */
    public enum Status { OK, NO_ANSWER, COLLISION, SELECTION_FAILED, DECODE_ERROR, SLAVE_ERROR, BAUD_MISMATCH }

    public ReadoutResult {
        telegrams = List.copyOf(telegrams);
    }

    public boolean ok() {
        return status == Status.OK;
    }
}
