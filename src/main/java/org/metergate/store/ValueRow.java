package org.metergate.store;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One decoded value of a readout: an exact number (scale kept, e.g. 12.340) or, for dates, text and
 * binary data, its text (binary as upper-case hex).
 */
public record ValueRow(SeriesKey series, BigDecimal number, String text) {

    public ValueRow {
        Objects.requireNonNull(series, "series");
        if ((number == null) == (text == null)) {
            throw new IllegalArgumentException("a value is either a number or a text");
        }
    }

    public static ValueRow number(SeriesKey series, BigDecimal number) {
        return new ValueRow(series, number, null);
    }

    /** {@code unscaled * 10^-scale}, without rounding. */
    public static ValueRow number(SeriesKey series, long unscaled, int scale) {
        return new ValueRow(series, BigDecimal.valueOf(unscaled, scale), null);
    }

    public static ValueRow text(SeriesKey series, String text) {
        return new ValueRow(series, null, text);
    }

    public boolean isNumber() {
        return number != null;
    }

    /** The value as text: plain decimal or the text itself. */
    public String display() {
        return number != null ? number.toPlainString() : text;
    }
}
