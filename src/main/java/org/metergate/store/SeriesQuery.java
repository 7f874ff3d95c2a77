package org.metergate.store;

import java.time.Instant;

/**
 * Which values of one meter: all series, those of a quantity (case-insensitive, e.g. "Energy"), or one
 * series by id; readouts with {@code from <= time < to} (either may be null); one page of values in time
 * order.
 */
public record SeriesQuery(long meterId, String quantity, Long seriesId, Instant from, Instant to, int page,
                          int pageSize) {

    public static final int MAX_PAGE_SIZE = 250_000;

    public SeriesQuery {
        if (page < 0) {
            throw new IllegalArgumentException("page must be >= 0");
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size must be 1.." + MAX_PAGE_SIZE);
        }
        quantity = quantity == null || quantity.isBlank() ? null : quantity.trim();
    }

    public static SeriesQuery all(long meterId, Instant from, Instant to) {
        return new SeriesQuery(meterId, null, null, from, to, 0, MAX_PAGE_SIZE);
    }
}
