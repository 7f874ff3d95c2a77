package org.metergate.report.engine;

import java.util.Locale;
import java.util.Optional;

/** Scheduled push reports (SPEC F4) and the three event reports (SPEC F9). */
public enum ReportKind {
    SCHEDULED, STARTUP, INSTALLATION, ONDEMAND;

    /** The report key of an event report ({@code startup} …); scheduled reports are keyed by number. */
    public String eventKey() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReportKind ofKey(String key) {
        return event(key).orElse(SCHEDULED);
    }

    static Optional<ReportKind> event(String key) {
        for (ReportKind k : values()) {
            if (k != SCHEDULED && k.eventKey().equals(key)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
