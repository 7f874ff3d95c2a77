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

    static {
        FIVE_POW[0] = BigInteger.ONE;
        BigInteger five = BigInteger.valueOf(5);
        for (int i = 1; i < FIVE_POW.length; i++) {
            FIVE_POW[i] = FIVE_POW[i - 1].multiply(five);
        }
    }

    private Floats() {
    }

    /** Exact value of a finite float. */
    static BigDecimal exact(float f) {
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
            return BigDecimal.ZERO;
        }
        int tz = Long.numberOfTrailingZeros(m);
        m >>= tz;
        e += tz;
        if (bits < 0) {
            m = -m;
        }
        if (e >= 0) {
            return e < 39 ? BigDecimal.valueOf(m << e) : new BigDecimal(BigInteger.valueOf(m).shiftLeft(e));
        }
        int k = -e;
        if (k <= 27 && Math.abs(m) < (1L << 24)) {
            long p5 = FIVE_POW[k].longValue();
            if (k <= 16) { // 5^16 * 2^24 < 2^63
                return BigDecimal.valueOf(m * p5, k);
            }
        }
        return new BigDecimal(BigInteger.valueOf(m).multiply(FIVE_POW[k]), k);
    }
}
