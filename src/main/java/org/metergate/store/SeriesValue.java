package org.metergate.store;

import java.math.BigDecimal;
import java.time.Instant;

/** A stored value with its meter, series and time (the readout's time). */
public record SeriesValue(long meterId, long seriesId, SeriesKey series, Instant timestamp, long readoutId,
                          BigDecimal number, String text) {

    public String display() {
        return number != null ? number.toPlainString() : text;
    }
}
