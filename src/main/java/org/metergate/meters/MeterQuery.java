package org.metergate.meters;

/**
 * A search of the meter list (SPEC C3).
 *
 * @param text   matched case-insensitively as a substring of name, secondary address, manufacturer and list position; null = all
 * @param active true = active only, false = passive only, null = both
 * @param page   0-based
 * @param size   1..{@link #MAX_PAGE_SIZE}
 */
public record MeterQuery(String text, Boolean active, int page, int size) {

    public static final int MAX_PAGE_SIZE = 1000;

    public MeterQuery {
        if (page < 0) {
            throw new IllegalArgumentException("page must be >= 0");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("size must be 1.." + MAX_PAGE_SIZE);
        }
        text = text == null || text.isBlank() ? null : text.strip();
    }
}
