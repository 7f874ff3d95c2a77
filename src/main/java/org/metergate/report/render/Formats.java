package org.metergate.report.render;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.metergate.report.ReportConventions;

/** How values and times are written in reports: exact decimals with the site's separator, local and UTC times. */
public final class Formats {

    /** Local report times (the manual's {@code YYYY-MM-DD hh:mm:ss}). */
    public static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** File name stamps. */
    public static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final char decimalSeparator;
    private final ZoneId zone;
    private final java.time.DayOfWeek firstDayOfWeek;

    public Formats(ReportConventions conventions) {
        this.decimalSeparator = conventions.decimalSeparator();
        this.zone = conventions.zone();
        this.firstDayOfWeek = conventions.firstDayOfWeek();
    }

    /** The day weeks start on (F12), for the weekly value interval. */
    java.time.DayOfWeek firstDayOfWeek() {
        return firstDayOfWeek;
    }

    /**
     * The exact decimal text with the site's separator: {@code toPlainString()} keeps every digit and
     * the scale (12.340 stays 12,340; 3.5E+4 is 35000); no double is involved at any point.
     */
    public String decimal(BigDecimal number) {
        String plain = number.toPlainString();
        return decimalSeparator == '.' ? plain : plain.replace('.', decimalSeparator);
    }

    public char decimalSeparator() {
        return decimalSeparator;
    }

    public String local(Instant t) {
        return t == null ? "" : LOCAL.format(t.atZone(zone));
    }

    public static String utc(Instant t) {
        return t == null ? "" : DateTimeFormatter.ISO_INSTANT.format(t);
    }

    public ZoneId zone() {
        return zone;
    }
}
