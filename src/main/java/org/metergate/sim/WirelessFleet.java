package org.metergate.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.metergate.wmbus.FrameFormat;

/**
 * A reproducible mix of wireless meters: mostly security mode 5 (the common OMS case), some mode 7
 * and some unencrypted, formats A and B, every kind of medium, each with its own key derived from
 * the seed. Same seed, same meters and keys.
 */
public final class WirelessFleet {
    private WirelessFleet() {
    }

    public static List<WirelessMeterSpec> generate(int n, long seed, Duration interval) {
        Random r = new Random(seed ^ 0x5EED_3A11L);
        MeterKind[] kinds = MeterKind.values();
        List<WirelessMeterSpec> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            MeterKind kind = kinds[i % kinds.length];
            int mode = i % 6 == 5 ? 0 : i % 3 == 2 ? 7 : 5;
            byte[] key = null;
            if (mode != 0) {
                key = new byte[16];
                r.nextBytes(key);
            }
            String id = String.format(Locale.ROOT, "%08d", 71_000_000 + i * 137 + r.nextInt(100));
            String manufacturer = kind.manufacturers().get(r.nextInt(kind.manufacturers().size()));
            FrameFormat format = i % 2 == 0 ? FrameFormat.A : FrameFormat.B;
            double start = switch (kind) {
                case WATER, GAS -> 100 + r.nextInt(900);
                case HEAT -> 5_000 + r.nextInt(20_000);
                case ELECTRICITY -> 1_000_000 + r.nextInt(9_000_000);
            };
            out.add(new WirelessMeterSpec(id, manufacturer, 1 + r.nextInt(0x40), kind, mode, key, format, interval,
                    interval.dividedBy(10), -60 - r.nextInt(35), start));
        }
        return out;
    }

    public static List<SimulatedWirelessMeter> meters(List<WirelessMeterSpec> specs, Instant epoch, long seed) {
        Random r = new Random(seed);
        return specs.stream().map(s -> new SimulatedWirelessMeter(s, epoch, r.nextInt(256))).toList();
    }
}
