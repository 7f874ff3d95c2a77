package org.metergate.report.engine;

import java.util.EnumSet;
import java.util.Set;

/** Where a report stands in the outbox (see V5__reports.sql for the life cycle). */
public enum OutboxState {
    PENDING, SENDING, RETRYING, DELIVERED, FAILED, SUPERSEDED;

    /** Not delivered and not given up on: resumed after a restart. */
    static final Set<OutboxState> UNFINISHED = EnumSet.of(PENDING, SENDING, RETRYING);

    /** Not delivered and not in flight: a newer report of the same report supersedes it. */
    static final Set<OutboxState> SUPERSEDABLE = EnumSet.of(PENDING, RETRYING, FAILED);
}
