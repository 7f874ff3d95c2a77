package org.metergate.report;

import java.time.Instant;
import java.util.Objects;

/** The readouts a report covers: created at or after {@code from} and before {@code to} (UTC instants). */
public record ReportPeriod(Instant from, Instant to) {

    public ReportPeriod {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("period ends (" + to + ") before it starts (" + from + ")");
        }
    }
}
