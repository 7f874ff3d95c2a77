package org.metergate.store;

import java.time.Instant;

/**
 * One line of a meter's readout log (SPEC E3): when, the outcome, how many telegrams and values.
 * {@code statusByte} is set only when the status-byte policy (E4) logged it for this readout.
 */
public record ReadoutLogEntry(long id, long meterId, Instant createdAt, String status, String message,
                              int telegramCount, int valueCount, Integer statusByte, Integer accessNumber,
                              long durationMs) {

    /**
     * The message of a successful readout. It is not stored with each readout (it follows from status and
     * counts, and would cost ~2 bytes per stored value): a readout stored with status "ok" and no message
     * shows this.
     */
    public static String successMessage(int telegrams, int values) {
        return "Readout successfully: " + telegrams + (telegrams == 1 ? " telegram, " : " telegrams, ") + values
                + (values == 1 ? " value" : " values");
    }
}
