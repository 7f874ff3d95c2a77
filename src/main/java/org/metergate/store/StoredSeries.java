package org.metergate.store;

/** A series as stored: its id, meter, number within the meter and key. */
public record StoredSeries(long id, long meterId, int seq, SeriesKey key) {}
