package org.metergate.admin;

import java.time.Instant;

/**
 * A filter over the system log: minimum level, time range [from, to), a case-insensitive text
 * search in source and message, and a page (0-based) of the given size, newest first.
 */
public record LogQuery(LogLevel minLevel, Instant from, Instant to, String text, int page, int size) {

    public static final int MAX_PAGE_SIZE = 1000;

    public LogQuery {
        if (page < 0) {
            throw new IllegalArgumentException("page must be >= 0");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_PAGE_SIZE);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        text = text == null || text.isBlank() ? null : text.trim();
    }

    public static LogQuery all() {
        return new LogQuery(null, null, null, null, 0, MAX_PAGE_SIZE);
    }
}
