package org.metergate.report;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What to render.
 *
 * @param template     template number, e.g. 2101 (SPEC F3)
 * @param reportNumber the scheduled report (1..n) or 0 for event and test reports; part of the file name
 * @param period       the readouts the report covers
 * @param interval     SPEC F6 thinning of the values
 * @param createdAt    the report's time stamp (file name, report header)
 * @param event        for event reports (x005): ordered key/value lines; empty otherwise
 */
public record RenderRequest(int template, int reportNumber, ReportPeriod period, ValueInterval interval,
                            Instant createdAt, Map<String, String> event) {

    public RenderRequest {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(createdAt, "createdAt");
        event = event == null ? Map.of() : event;
    }
}
