package org.metergate.meters;

/**
 * The downloadable meter list template (SPEC C1, the manual's figure 4): the header line, optionally the
 * manual's examples. Only the manual's columns, so a list made from it also suits the reference product;
 * the optional columns (Bus …) are in {@link MeterListParser} and every export.
 */
public final class MeterListTemplate {

    public static final String FILE_NAME = "meterlist-template.csv";

    private MeterListTemplate() {}

    /** Comma-separated, CRLF line ends, UTF-8 without BOM (plain ASCII). */
    public static String csv(boolean withExamples) {
        StringBuilder b = new StringBuilder(String.join(",", MeterListParser.MANUAL_COLUMNS)).append("\r\n");
        if (withExamples) {
            b.append("Cafeteria,13001651,2400,Secondary,,\r\n");
            b.append("Sales office,14290591,2400,Primary,221,\r\n");
            b.append("Reception,67690871,2400,Secondary,,\r\n");
        }
        return b.toString();
    }
}
