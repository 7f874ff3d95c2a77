package org.metergate.bench;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.LongFunction;
import org.metergate.bus.BusCounters;
import org.metergate.bus.BusTiming;
import org.metergate.bus.MbusMaster;
import org.metergate.bus.ScanControl;
import org.metergate.bus.ScanResult;
import org.metergate.bus.SecondaryScan;
import org.metergate.sim.MeterSpec;
import org.metergate.sim.SimulatedBus;
import org.metergate.sim.SimulatedFleet;
import org.metergate.sim.SimulatedMeter;
import org.metergate.sim.WireTiming;

/**
 * Issue 4's scan figure: selection probes of a secondary scan of simulated buses, the hex-aware
 * search against the libmbus-style decimal digit-by-digit tree, over several fleets of each kind:
 * random ids (about 15 % with A-E digits), the same ids made all-decimal, and serial-number ranges
 * (what real installations look like). Probes do not depend on timing, so the simulator answers in
 * memory on virtual time: the bus time is what the scan takes on the wire at 2400 baud with the fast
 * timing profile (answer windows, collision recovery, gaps), without waiting for it.
 *
 * <p>Run: {@code ./mvnw -B -P bench compile exec:exec -Dbench.main=org.metergate.bench.ScanProbesBenchmark -Dbench.args="250 20"}
 */
public final class ScanProbesBenchmark {

    private static final int BAUD = 2400;

    public static void main(String[] args) throws Exception {
        int meters = args.length > 0 ? Integer.parseInt(args[0]) : 250;
        int fleets = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        System.out.printf(Locale.ROOT, "%d meters, %d fleets per kind; probes = selections (SND_UD to 253), reads = REQ_UD2%n",
                meters, fleets);
        System.out.printf(Locale.ROOT, "%-26s %-8s %8s %6s %6s %14s %8s %9s%n",
                "fleet", "scan", "probes", "min", "max", "found/present", "reads", "bus time");
        run("random ids, ~15 % A-E", fleets, seed -> SimulatedFleet.generate(meters, seed));
        run("random ids, all decimal", fleets, seed -> decimalOnly(SimulatedFleet.specs(meters, seed)));
        run("serial ranges", fleets, seed -> serialRanges(meters, seed));
    }

    private static void run(String kind, int fleets, LongFunction<List<SimulatedMeter>> fleet) throws Exception {
        for (SecondaryScan.Digits digits : List.of(SecondaryScan.Digits.DECIMAL, SecondaryScan.Digits.HEX)) {
            Stats s = new Stats();
            for (long seed = 1; seed <= fleets; seed++) {
                List<SimulatedMeter> meters = fleet.apply(seed);
                Outcome o = scan(meters, digits);
                Set<String> ids = new HashSet<>();
                meters.forEach(m -> ids.add(m.id()));
                long found = o.result().meters().stream().filter(f -> ids.contains(f.header().id())).count();
                if (digits == SecondaryScan.Digits.HEX && (found != meters.size() || !o.result().conflicts().isEmpty())) {
                    throw new IllegalStateException("hex scan missed meters on " + kind + " fleet " + seed + ": " + found
                            + " of " + meters.size() + " " + o.result().conflicts());
                }
                s.add(o, found, meters.size());
            }
            System.out.printf(Locale.ROOT, "%-26s %-8s %8.1f %6d %6d %14s %8.1f %8.0fs%n", kind,
                    digits.name().toLowerCase(Locale.ROOT), s.probes / (double) fleets, s.min, s.max,
                    String.format(Locale.ROOT, "%.1f/%d", s.found / (double) fleets, s.present / fleets),
                    s.reads / (double) fleets, s.seconds / fleets);
        }
    }

    private static final class Stats {
        long probes;
        long min = Long.MAX_VALUE;
        long max;
        long found;
        long present;
        long reads;
        double seconds;

        void add(Outcome o, long foundHere, int presentHere) {
            long p = o.result().probes();
            probes += p;
            min = Math.min(min, p);
            max = Math.max(max, p);
            found += foundHere;
            present += presentHere;
            reads += o.counters().requests() - p;
            seconds += o.busNanos() / 1e9;
        }
    }

    /** @param busNanos the scan's duration on the simulated wire (virtual time) */
    private record Outcome(ScanResult result, BusCounters counters, long busNanos) {
    }

    static Outcome scan(List<SimulatedMeter> fleet, SecondaryScan.Digits digits) throws Exception {
        SimulatedBus bus = new SimulatedBus(fleet, WireTiming.of(BAUD));
        InMemoryTransport transport = new InMemoryTransport(bus);
        MbusMaster master = new MbusMaster(transport, BusTiming.fast(BAUD), transport.clock());
        ScanResult r = new SecondaryScan(master, digits).run(ScanControl.none());
        return new Outcome(r, master.counters(), transport.elapsedNanos());
    }

    /** The same fleet with every A-E digit replaced by a decimal one (ids stay unique). */
    static List<SimulatedMeter> decimalOnly(List<MeterSpec> specs) {
        Set<String> seen = new HashSet<>();
        List<SimulatedMeter> out = new ArrayList<>();
        Random r = new Random(specs.size());
        for (MeterSpec s : specs) {
            String id;
            do {
                StringBuilder b = new StringBuilder(s.id());
                for (int i = 0; i < b.length(); i++) {
                    if (b.charAt(i) >= 'A') {
                        b.setCharAt(i, (char) ('0' + r.nextInt(10)));
                    }
                }
                id = b.toString();
            } while (!seen.add(id));
            out.add(meter(s, id));
        }
        return out;
    }

    /**
     * A real installation: two to four deliveries, each a range of consecutive serial numbers of
     * which about 80 % were installed on this bus (decimal ids).
     */
    static List<SimulatedMeter> serialRanges(int n, long seed) {
        List<MeterSpec> specs = SimulatedFleet.specs(n, seed);
        Random r = new Random(seed * 7919);
        int ranges = 2 + r.nextInt(3);
        List<String> ids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < ranges; k++) {
            long serial = r.nextInt(90_000_000);
            int want = k == ranges - 1 ? n - ids.size() : n / ranges;
            for (int got = 0; got < want; serial++) {
                String id = String.format(Locale.ROOT, "%08d", serial % 100_000_000);
                if (r.nextDouble() < 0.8 && seen.add(id)) {
                    ids.add(id);
                    got++;
                }
            }
        }
        List<SimulatedMeter> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(meter(specs.get(i), ids.get(i)));
        }
        return out;
    }

    private static SimulatedMeter meter(MeterSpec s, String id) {
        return new SimulatedMeter(new MeterSpec(s.primaryAddress(), id, s.manufacturer(), s.version(), s.kind(),
                s.telegrams(), s.seed()), Clock.systemUTC());
    }
}
