package org.metergate.store;

/** What {@link ReadoutRepository#store(StoredReadout)} wrote, once committed. */
public record StoreResult(long readoutId, long meterId, int telegrams, int values, boolean statusLogged) {}
