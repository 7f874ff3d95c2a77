package org.metergate.store;

import java.time.Instant;
import java.util.List;

/**
 * A meter's latest readout (successful or not) as the installation and status reports show it.
 *
 * @param statusByte the last M-Bus status byte seen for the meter (E4 keeps it across failed readouts), null if none
 * @param telegrams  the raw telegrams of the latest readout that had values, as received (whole frames); empty if none
 * @param telegramsAt when that readout was taken, null if none
 */
public record LatestReadout(long meterId, long readoutId, Instant createdAt, String status, String message,
                            Integer statusByte, List<byte[]> telegrams, Instant telegramsAt) {}
