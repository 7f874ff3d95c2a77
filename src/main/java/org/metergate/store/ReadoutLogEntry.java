package org.metergate.store;

import java.time.Instant;

/**
 * One line of a meter's readout log (SPEC E3): when, the outcome, how many telegrams and values.
 * {@code statusByte} is set only when the status-byte policy (E4) logged it for this readout.
 */
public record ReadoutLogEntry(long id, long meterId, Instant createdAt, String status, String message,
                              int telegramCount, int valueCount, Integer statusByte, Integer accessNumber,
                              long durationMs) {}
