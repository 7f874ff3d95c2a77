package org.metergate.report;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A template file under the templates directory: {@code <number>_<kind>.<ext>.ftl}, where number is a
 * full template number ({@code 2101}) or {@code x} and the format digits ({@code x101}: every protocol).
 *
 * @param fileName  the template file, relative to the templates directory
 * @param number    {@code x101} or {@code 2101}
 * @param kind      what the report is, the middle of delivered file names ({@code valuereport})
 * @param extension of the rendered file ({@code csv}, {@code json}, {@code xlsx} …)
 */
public record ReportTemplate(String fileName, String number, String kind, String extension) {

    /** Excel workbooks are written by the template's {@code <@row>} calls, not from its text. */
    public boolean isWorkbook() {
        return extension.equals("xlsx");
    }

    /** JSON is UTF-8 (RFC 8259) whatever the configured encoding; other text uses the conventions' encoding. */
    public Charset charset(ReportConventions conventions) {
        return extension.equals("json") ? StandardCharsets.UTF_8 : conventions.encoding();
    }

    public String mediaType(ReportConventions conventions) {
        String cs = "; charset=" + charset(conventions).name().toLowerCase(Locale.ROOT);
        return switch (extension) {
            case "csv" -> "text/csv" + cs;
            case "txt" -> "text/plain" + cs;
            case "json" -> "application/json";
            case "xml" -> "application/xml" + cs;
            case "html", "htm" -> "text/html" + cs;
            case "xlsx" -> "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            default -> "application/octet-stream";
        };
    }
}
