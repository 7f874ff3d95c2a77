package org.metergate.sim;

import java.time.Duration;

/**
 * Misbehaviour of one simulated meter, the failures a master meets in the field.
 *
 * @param silent never answers anything (dead meter, cut cable)
 * @param lateBy added to the normal answer delay; set it beyond the master's response timeout
 *     to simulate a meter that answers too late (zero = on time)
 * @param badChecksum RSP_UD frames go out with a wrong checksum byte
 * @param collide every answer is garbled as if a second slave answered at the same time
 * @param statusBits ORed into the status byte of every RSP_UD (04h power low, 08h permanent
 *     error, 10h temporary error, 02h application error)
 * @param endless every RSP_UD announces more records (DIF 1Fh), so a multi-telegram readout never ends by
 *     itself: the firmware bug a master's safety cap is for
 */
public record MeterFaults(boolean silent, Duration lateBy, boolean badChecksum, boolean collide, int statusBits,
        boolean endless) {
    public static final MeterFaults NONE = new MeterFaults(false, Duration.ZERO, false, false, 0, false);

    public MeterFaults {
        if (lateBy == null || lateBy.isNegative()) {
            throw new IllegalArgumentException("lateBy must be zero or positive");
        }
        if (statusBits < 0 || statusBits > 0xFF) {
            throw new IllegalArgumentException("status bits must be a byte");
        }
    }

    public MeterFaults withSilent(boolean v) {
        return new MeterFaults(v, lateBy, badChecksum, collide, statusBits, endless);
    }

    public MeterFaults withLateBy(Duration v) {
        return new MeterFaults(silent, v, badChecksum, collide, statusBits, endless);
    }

    public MeterFaults withBadChecksum(boolean v) {
        return new MeterFaults(silent, lateBy, v, collide, statusBits, endless);
    }

    public MeterFaults withCollide(boolean v) {
        return new MeterFaults(silent, lateBy, badChecksum, v, statusBits, endless);
    }

    public MeterFaults withStatusBits(int v) {
        return new MeterFaults(silent, lateBy, badChecksum, collide, v, endless);
    }

    public MeterFaults withEndless(boolean v) {
        return new MeterFaults(silent, lateBy, badChecksum, collide, statusBits, v);
    }
}
