package org.metergate.report.engine;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.metergate.report.ReportFile;
import org.metergate.report.ReportPeriod;
import org.metergate.report.ValueInterval;

/**
 * One report in the outbox.
 *
 * @param reportKey     {@code 1}..{@code n} or an event report ({@code startup}, {@code installation}, {@code ondemand})
 * @param copyNo        0, or the number of the "send again" copy
 * @param file          the rendered file, null until rendered or after clean-up
 * @param event         the event lines of an event report (x005), empty otherwise
 * @param fileName      the name the file was rendered under, kept after clean-up deletes it; null if never rendered
 * @param fileSize      its size in bytes when rendered, null if never rendered (or rendered before V14)
 */
public record OutboxEntry(long id, String reportKey, ReportPeriod period, int copyNo, int template,
                          ValueInterval interval, OutboxState state, int attempts, Instant nextAttemptAt,
                          String lastError, ReportFile file, Map<String, String> event, Instant createdAt,
                          Instant deliveredAt, String fileName, Long fileSize) {

    public OutboxEntry {
        event = event == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(event));
    }

    /** The rendered file if it is still on disk. */
    public boolean hasFile() {
        return file != null && java.nio.file.Files.isRegularFile(file.path());
    }

    Path filePath() {
        return file == null ? null : file.path();
    }
}
