package org.metergate.report;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.metergate.meters.Meter;

/**
 * The installation report to download (SPEC C6, the manual's "Exportera installationsrapport"): template
 * {@value #TEMPLATE} ({@code x012_installreport.xlsx.ftl}, the same file the installation event report sends
 * as 1012/2012/3012) rendered now, covering the installation from its first meter to now.
 */
public final class InstallationReport {

    /** The number a download renders: x012 with the e-mail digit, as the manual's downloads are numbered. */
    public static final int TEMPLATE = 1012;

    private final ReportRenderer renderer;
    private final Supplier<List<Meter>> meters;
    private final java.nio.file.Path directory;
    private final Clock clock;

    /** @param directory where the file is rendered; the caller deletes it once streamed */
    public InstallationReport(ReportRenderer renderer, Supplier<List<Meter>> meters, java.nio.file.Path directory, Clock clock) {
        this.renderer = renderer;
        this.meters = meters;
        this.directory = directory;
        this.clock = clock;
    }

    public ReportFile render() throws ReportException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant from = meters.get().stream().map(Meter::createdAt).min(Instant::compareTo).filter(t -> t.isBefore(now)).orElse(now);
        return renderer.render(new RenderRequest(TEMPLATE, 0, new ReportPeriod(from, now), ValueInterval.ALL, now, Map.of()),
                directory);
    }
}
