package org.metergate.schedule;

/**
 * The set of values one field matches, as a bit mask (every field's values fit in 0..63).
 * A bit mask keeps matching and "next value at or after v" to a couple of CPU instructions, which
 * matters because the search for the next fire time walks days and hours.
 */
public record FieldValues(CronField field, long bits) {

    public boolean contains(int value) {
        return value >= 0 && value < 64 && (bits & (1L << value)) != 0;
    }

    /** The smallest value at or after {@code from} in this set, or -1 if there is none. */
    public int nextFrom(int from) {
        if (from >= 64) {
            return -1;
        }
        long rest = bits & (-1L << Math.max(from, 0));
        return rest == 0 ? -1 : Long.numberOfTrailingZeros(rest);
    }

    /** True when every value of the field's range matches (as for {@code *}). */
    public boolean isFull() {
        for (int v = field.min(); v <= field.max(); v++) {
            if (!contains(v)) {
                return false;
            }
        }
        return true;
    }
}
