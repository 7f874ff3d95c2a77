package org.metergate.bus;

/**
 * One meter to read, with its own settings (SPEC C4): line speed, multi-telegram mode and timing
 * overrides that replace the bus's values for this meter only (null = the bus's value).
 *
 * @param meterId the installed meter's id, 0 for an ad-hoc read
 * @param baud    the meter's line speed, null = the bus's default speed (the route's {@code baud})
 */
public record ReadoutRequest(long meterId, MeterAddress address, Integer baud, MultiTelegram multi,
                             Integer responseTimeoutMs, Integer retries, Integer pauseMs) {

    public static ReadoutRequest of(MeterAddress address, MultiTelegram multi) {
        return new ReadoutRequest(0, address, null, multi, null, null, null);
    }

    /** The speed to read at on a bus whose default is {@code busBaud}. */
    public int baudOn(int busBaud) {
        return baud == null ? busBaud : baud;
    }

    /** The bus timing with this meter's overrides applied. */
    public BusTiming timing(BusTiming bus) {
        if (responseTimeoutMs == null && retries == null && pauseMs == null) {
            return bus;
        }
        return new BusTiming(
                responseTimeoutMs != null ? responseTimeoutMs : bus.responseTimeout(),
                retries != null ? retries : bus.readoutRetries(),
                bus.selectionRetries(),
                bus.waitAfterInit(),
                bus.collisionRecovery(),
                pauseMs != null ? pauseMs : bus.interRequestGap(),
                bus.interCharTimeout());
    }
}
