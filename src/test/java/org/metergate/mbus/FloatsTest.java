package org.metergate.mbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FloatsTest {
    @Test
    void exactDecimalEqualsBigDecimalOfTheDouble() {
        Random rnd = new Random(11);
        float[] edge = {0f, -0f, 1f, -1f, 0.1f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, 1e-40f, 16777216f};
        for (float f : edge) {
            assertThat(Floats.exact(f)).isEqualByComparingTo(new BigDecimal((double) f));
        }
        for (int i = 0; i < 200_000; i++) {
            float f = Float.intBitsToFloat(rnd.nextInt());
            if (Float.isNaN(f) || Float.isInfinite(f)) {
                continue;
            }
            int exp = rnd.nextInt(25) - 12;
            assertThat(Floats.exact(f, exp)).as("%s e%d", f, exp)
                    .isEqualByComparingTo(new BigDecimal((double) f).scaleByPowerOfTen(exp));
        }
    }
}
