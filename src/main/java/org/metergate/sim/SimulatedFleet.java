package org.metergate.sim;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates a reproducible installation of meters: the same {@code n} and {@code seed} always
 * give the same meters (ids, addresses, kinds, values), so a scan result or a readout can be
 * checked against the fleet.
 */
public final class SimulatedFleet {
    /** Share of ids with at least one hex digit A-E (they exist in the field; decimal scans miss them). */
    static final double HEX_ID_SHARE = 0.15;
    static final double MULTI_TELEGRAM_SHARE = 0.10;

    private SimulatedFleet() {
    }

    /** {@code n} meters on the system clock (values follow real time). */
    public static List<SimulatedMeter> generate(int n, long seed) {
        return generate(n, seed, Clock.systemUTC());
    }

    /**
     * @return {@code n} meters with unique random secondary ids, unique primary addresses
     *     1..250 in random order (meters beyond 250 keep the factory address 0 and are reachable
     *     by secondary address only), heat/water/electricity/gas from several manufacturers,
     *     about 10% of them multi-telegram (2 or 3 telegrams)
     */
    public static List<SimulatedMeter> generate(int n, long seed, Clock clock) {
        return specs(n, seed).stream().map(s -> new SimulatedMeter(s, clock)).toList();
    }

    public static List<MeterSpec> specs(int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0");
        }
        Random r = new Random(seed);
        List<Integer> addresses = new ArrayList<>();
        for (int a = 1; a <= 250; a++) {
            addresses.add(a);
        }
        java.util.Collections.shuffle(addresses, r);
        Set<String> ids = new HashSet<>();
        List<MeterSpec> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id;
            do {
                id = randomId(r);
            } while (!ids.add(id));
            MeterKind kind = kind(r);
            String manufacturer = kind.manufacturers().get(r.nextInt(kind.manufacturers().size()));
            int version = 1 + r.nextInt(0x40);
            int telegrams = r.nextDouble() < MULTI_TELEGRAM_SHARE ? 2 + r.nextInt(2) : 1;
            int primary = i < addresses.size() ? addresses.get(i) : 0;
            out.add(new MeterSpec(primary, id, manufacturer, version, kind, telegrams, r.nextLong()));
        }
        return out;
    }

    private static MeterKind kind(Random r) {
        double x = r.nextDouble();
        return x < 0.35 ? MeterKind.HEAT : x < 0.70 ? MeterKind.WATER : x < 0.85 ? MeterKind.ELECTRICITY : MeterKind.GAS;
    }

    /** 8 decimal digits, or with some share one to three digits A-E (never F, the wildcard). */
    private static String randomId(Random r) {
        char[] c = new char[8];
        for (int i = 0; i < 8; i++) {
            c[i] = (char) ('0' + r.nextInt(10));
        }
        if (r.nextDouble() < HEX_ID_SHARE) {
            int k = 1 + r.nextInt(3);
            for (int j = 0; j < k; j++) {
                c[r.nextInt(8)] = (char) ('A' + r.nextInt(5));
            }
        }
        return new String(c);
    }
}
