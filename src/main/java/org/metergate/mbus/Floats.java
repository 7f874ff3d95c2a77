package org.metergate.mbus;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The exact decimal value of a 32-bit float (EN 13757-3 type H), the same number as
 * {@code new BigDecimal((double) f)} but built from a cached power of five: a float is
 * {@code m * 2^e}, and for {@code e < 0} that is {@code m * 5^-e * 10^e} exactly.
 */
final class Floats {
    private static final BigInteger[] FIVE_POW = new BigInteger[150];
    private static final long[] FIVE_POW_LONG = new long[17];

    static {
        FIVE_POW[0] = BigInteger.ONE;
        BigInteger five = BigInteger.valueOf(5);
        for (int i = 1; i < FIVE_POW.length; i++) {
            FIVE_POW[i] = FIVE_POW[i - 1].multiply(five);
        }
        for (int i = 0; i < FIVE_POW_LONG.length; i++) {
            FIVE_POW_LONG[i] = FIVE_POW[i].longValueExact();
        }
    }

    private Floats() {
    }

    /** Exact value of a finite float. */
    static BigDecimal exact(float f) {
        return exact(f, 0);
    }

    /** Exact value of a finite float times 10^exponent, built as a single BigDecimal. */
    static BigDecimal exact(float f, int exponent) {
        int bits = Float.floatToRawIntBits(f);
        int exp = (bits >>> 23) & 0xFF;
        long m = bits & 0x7FFFFF;
        if (exp == 0) {
            exp = 1; // subnormal
        } else {
            m |= 0x800000;
        }
        int e = exp - 127 - 23;
        if (m == 0) {
            return BigDecimal.valueOf(0, -exponent);
        }
        int tz = Long.numberOfTrailingZeros(m);
        m >>= tz;
        e += tz;
        if (bits < 0) {
            m = -m;
        }
        if (e >= 0) {
            return e < 39 ? BigDecimal.valueOf(m << e, -exponent)
                    : new BigDecimal(BigInteger.valueOf(m).shiftLeft(e), -exponent);
        }
        int k = -e;
        if (k <= 16) { // |m| < 2^24 and 5^16 < 2^38: the product fits a long
            return BigDecimal.valueOf(m * FIVE_POW_LONG[k], k - exponent);
        }
        return new BigDecimal(BigInteger.valueOf(m).multiply(FIVE_POW[k]), k - exponent);
    }
}
