package org.metergate.store;

import java.time.Instant;
import java.util.List;

/** One readout with values as {@link ValueScan} streams it: its meter, id, time and values in record order. */
public record ScannedReadout(long meterId, long readoutId, Instant createdAt, List<SeriesValue> values) {}
