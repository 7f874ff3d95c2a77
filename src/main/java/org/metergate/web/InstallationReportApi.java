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
 */
public final class InstallationReportApi extends ApiRouteBuilder {

    private final InstallationReport report;

    public InstallationReportApi(RequestAuthenticator auth, SystemLog systemLog, InstallationReport report) {
        super(auth, systemLog);
        this.report = report;
    }

    @Override
    protected void api() {
        rest("/api").description("Installation report")
                .get("/meters/installation-report.xlsx").description("The installation report (SPEC C6) as an Excel workbook:"
                        + " device settings, installed meters, latest readout per meter, Modbus mapping (template x012)")
                    .to("direct:api-meters-installation-report");

        operation("api-meters-installation-report", Access.VIEWER, r -> {
            ReportFile file;
            try {
                file = report.render();
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
