package org.metergate.report.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import org.metergate.report.ReportPeriod;

/**
 * SPEC F5: which readouts a scheduled report covers. {@code auto}: everything this report has not
 * delivered yet (from the end of its last delivered period), at most {@value #AUTO_CYCLES} readout
 * cycles back; or a fixed span ending at the report's time: {@code 24 hours}, {@code 7 days}, {@code 1 months}.
 */
public record ValuePeriod(boolean auto, int amount, ChronoUnit unit) {

    public static final int AUTO_CYCLES = 180;
    public static final ValuePeriod AUTO = new ValuePeriod(true, 0, null);

    /** @throws IllegalArgumentException with a message fit for the API */
    public static ValuePeriod parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("auto")) {
            return AUTO;
        }
        String[] parts = t.split("\\s+");
        if (parts.length == 2) {
            ChronoUnit unit = switch (parts[1]) {
                case "hour", "hours", "h" -> ChronoUnit.HOURS;
                case "day", "days", "d" -> ChronoUnit.DAYS;
                case "month", "months" -> ChronoUnit.MONTHS;
                default -> null;
            };
            try {
                int n = Integer.parseInt(parts[0]);
                if (unit != null && n >= 1 && n <= 1000) {
                    return new ValuePeriod(false, n, unit);
                }
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("must be 'auto' or '<n> hours|days|months' with n from 1 to 1000, got '"
                + (text == null ? "" : text) + "'");
    }

    /** The text {@link #parse} reads. */
    public String text() {
        return auto ? "auto" : amount + " " + unit.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The period of a report made at {@code to}.
     *
     * @param lastDelivered end of the report's last delivered period (Auto starts there)
     * @param cycle         the readout schedule's interval (Auto reaches at most 180 of them back)
     */
    public ReportPeriod ending(Instant to, Optional<Instant> lastDelivered, Duration cycle, ZoneId zone) {
        if (auto) {
            Instant earliest = to.minus(cycle.multipliedBy(AUTO_CYCLES));
            Instant from = lastDelivered.filter(d -> d.isAfter(earliest)).orElse(earliest);
            return new ReportPeriod(from.isAfter(to) ? to : from, to);
        }
        Instant from = unit == ChronoUnit.MONTHS ? to.atZone(zone).minusMonths(amount).toInstant() : to.minus(amount, unit);
        return new ReportPeriod(from, to);
    }
}
