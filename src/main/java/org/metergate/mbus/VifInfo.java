package org.metergate.mbus;

import java.math.BigDecimal;

/**
 * What a value information code means: the measured quantity, its SI-style unit and how to scale
 * the raw number into that unit ({@code raw * factor * 10^exponent}). Durations are normalised to
 * seconds with an exact integer factor; month/year durations keep their own unit because they have
 * no exact length in seconds.
 *
 * @param timePoint the data field holds a date/time (types G, F, I, J) rather than a number
 * @param known false for codes that are not in the tables ("unknown VIF 0x..")
 */
record VifInfo(String quantity, String unit, int exponent, long factor, boolean timePoint, boolean known, int index) {

    /**
     * @param index position in {@link VifTables#ALL} for table entries (records store the index,
     *     not a reference), or -1 for infos made while decoding (plain text, VIFE corrections)
     */
    VifInfo(String quantity, String unit, int exponent, long factor, boolean timePoint, boolean known) {
        this(quantity, unit, exponent, factor, timePoint, known, -1);
    }

    VifInfo withIndex(int i) {
        return new VifInfo(quantity, unit, exponent, factor, timePoint, known, i);
    }

    static VifInfo of(String quantity, String unit, int exponent) {
        return new VifInfo(quantity, unit, exponent, 1, false, true);
    }

    static VifInfo duration(String quantity, int nn) {
        long[] f = {1, 60, 3600, 86400};
        return new VifInfo(quantity, "s", 0, f[nn], false, true);
    }

    static VifInfo time(String quantity) {
        return new VifInfo(quantity, "", 0, 1, true, true);
    }

    static VifInfo plain(String quantity) {
        return new VifInfo(quantity, "", 0, 1, false, true);
    }

    static VifInfo unknown(String what) {
        return new VifInfo(what, "", 0, 1, false, false);
    }

    /** Largest raw magnitude whose product with {@link #factor()} still fits a long. */
    long maxExactRaw() {
        return Long.MAX_VALUE / factor;
    }

    VifInfo withExponentDelta(int delta) {
        return new VifInfo(quantity, unit, exponent + delta, factor, timePoint, known, -1);
    }

    /** Scales an exact raw number into the unit. */
    BigDecimal scale(BigDecimal raw) {
        BigDecimal v = factor == 1 ? raw : raw.multiply(BigDecimal.valueOf(factor));
        return exponent == 0 ? v : v.scaleByPowerOfTen(exponent);
    }

    /** Scales a raw integer without intermediate objects in the common case. */
    BigDecimal scale(long raw) {
        if (factor == 1) {
            return BigDecimal.valueOf(raw, -exponent);
        }
        return scale(BigDecimal.valueOf(raw));
    }
}
