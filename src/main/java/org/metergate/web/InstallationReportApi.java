package org.metergate.web;

import java.io.InputStream;
import java.nio.file.Files;
import java.util.Map;
import org.metergate.admin.SystemLog;
import org.metergate.report.InstallationReport;
import org.metergate.report.ReportException;
import org.metergate.report.ReportFile;

/**
 * {@code GET /api/meters/installation-report.xlsx} (SPEC C6): the commissioning hand-over workbook — device
 * settings, installed meters, the latest readout per meter, Modbus mapping — rendered from template x012
 * and streamed (the file is unlinked once open, so nothing stays behind whatever happens to the request).
 *
 * <p>The path lies under {@code /api/meters/}, where the first matching path wins, so this API is added
 * before {@link MetersApi}'s {@code /meters/{id}} (by the readout module); the report itself comes later
 * from the report module through {@link #provide}. Without reports installed the call answers 503.
 */
public final class InstallationReportApi extends ApiRouteBuilder {

    private final java.util.concurrent.atomic.AtomicReference<InstallationReport> report =
            new java.util.concurrent.atomic.AtomicReference<>();

    public InstallationReportApi(RequestAuthenticator auth, SystemLog systemLog) {
        super(auth, systemLog);
    }

    /** The report module's installation report (its renderer and templates). */
    public void provide(InstallationReport installationReport) {
        report.set(installationReport);
    }

    @Override
    protected void api() {
        rest("/api").description("Installation report")
                .get("/meters/installation-report.xlsx").description("The installation report (SPEC C6) as an Excel workbook:"
                        + " device settings, installed meters, latest readout per meter, Modbus mapping (template x012)")
                    .to("direct:api-meters-installation-report");

        operation("api-meters-installation-report", Access.VIEWER, r -> {
            InstallationReport installation = report.get();
            if (installation == null) {
                throw new ApiException(503, "reports are not installed in this gateway (no report module)");
            }
            ReportFile file;
            try {
                file = installation.render();
            } catch (ReportException e) {
                throw new ApiException(500, "cannot make the installation report: " + e.getMessage());
            }
            InputStream in = Files.newInputStream(file.path());
            Files.delete(file.path());
            return new ApiResponse(200, file.mediaType(), in,
                    Map.of("Content-Disposition", "attachment; filename=\"" + file.fileName().replace("\"", "") + "\""));
        });
    }
}
