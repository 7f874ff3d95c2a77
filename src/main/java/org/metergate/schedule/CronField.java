package org.metergate.schedule;

import java.util.List;

/**
 * The five fields of the gateway's cron dialect, in the order they are written.
 * Each field knows its range and, for month and day-of-week, the names the manual allows.
 */
public enum CronField {
    MINUTE("minute", 0, 59, List.of()),
    HOUR("hour", 0, 23, List.of()),
    DAY_OF_MONTH("day-of-month", 1, 31, List.of()),
    MONTH("month", 1, 12,
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")),
    /** 0-7: both 0 and 7 mean Sunday (as in Vixie cron), so {@code 5-7} reads "Friday to Sunday". */
    DAY_OF_WEEK("day-of-week", 0, 7, List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat"));

    private final String label;
    private final int min;
    private final int max;
    private final List<String> names;

    CronField(String label, int min, int max, List<String> names) {
        this.label = label;
        this.min = min;
        this.max = max;
        this.names = names;
    }

    /** The name used in error messages, e.g. {@code day-of-month}. */
    public String label() {
        return label;
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    /**
     * The largest value a bare {@code ?} may pick. Day-of-week stops at 6 so Sunday is not twice as
     * likely as the other days (0 and 7 are the same day).
     */
    int randomMax() {
        return this == DAY_OF_WEEK ? 6 : max;
    }

    /** The value of a (lower-case) name, or -1 if the field has no such name. */
    int valueOfName(String lowerCaseName) {
        int i = names.indexOf(lowerCaseName);
        return i < 0 ? -1 : i + min;
    }

    boolean hasNames() {
        return !names.isEmpty();
    }

    String nameHint() {
        return names.isEmpty() ? "" : " (names " + names.get(0) + ".." + names.get(names.size() - 1) + ")";
    }
}
