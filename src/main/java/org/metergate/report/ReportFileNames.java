package org.metergate.report;

import java.time.ZoneId;
import org.metergate.report.render.Formats;

/**
 * SPEC F3 file names: {@code <instance>_<kind>_<yyyyMMddHHmmss>_<report>.<ext>}, e.g.
 * {@code metergate.1A2B3C4D_valuereport_20261125120000_1.csv}. The instance is the product name (only
 * letters, digits, '.', '-' kept, others become '_'), the time is the report's, in the gateway's zone,
 * and the report is the report number, or the template number for event and test reports (number 0),
 * as the manual's {@code ..._installreport_..._2001.csv}.
 */
public final class ReportFileNames {

    private ReportFileNames() {}

    public static String of(String productName, ReportTemplate t, RenderRequest r, ZoneId zone) {
        String instance = productName.replaceAll("[^A-Za-z0-9.-]", "_");
        int report = r.reportNumber() > 0 ? r.reportNumber() : r.template();
        return instance + "_" + t.kind() + "_" + Formats.STAMP.format(r.createdAt().atZone(zone)) + "_" + report + "." + t.extension();
    }
}
