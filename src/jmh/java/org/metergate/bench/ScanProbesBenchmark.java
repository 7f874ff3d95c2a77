package org.metergate.bench;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.metergate.bus.BusTiming;
import org.metergate.bus.MbusMaster;
import org.metergate.bus.ScanControl;
import org.metergate.bus.ScanResult;
import org.metergate.bus.SecondaryScan;
import org.metergate.bus.Sleeper;
import org.metergate.sim.MeterSpec;
import org.metergate.sim.SimulatedBus;
import org.metergate.sim.SimulatedFleet;
import org.metergate.sim.SimulatedMeter;
import org.metergate.sim.WireTiming;

/**
 * Issue 4's scan figure: selection probes of a secondary scan of 250 simulated meters with random
 * ids (about 15 % with A-E digits), hex-aware versus libmbus-style decimal, over several fleets.
 * Probes do not depend on timing, so the simulator answers in memory.
 *
 * <p>Run: {@code ./mvnw -B -P bench compile exec:exec -Dbench.main=org.metergate.bench.ScanProbesBenchmark -Dbench.args="250 10"}
 */
public final class ScanProbesBenchmark {

    public static void main(String[] args) throws Exception {
        int meters = args.length > 0 ? Integer.parseInt(args[0]) : 250;
        int fleets = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        long hexTotal = 0;
        long decimalTotal = 0;
        System.out.printf(Locale.ROOT, "%-6s %8s %10s %14s %12s %14s%n", "seed", "meters", "hex-ids", "hex probes", "found", "decimal probes/found");
        for (int seed = 1; seed <= fleets; seed++) {
            List<SimulatedMeter> fleet = SimulatedFleet.generate(meters, seed);
            Set<String> ids = fleet.stream().map(SimulatedMeter::id).collect(Collectors.toSet());
            long hexIds = ids.stream().filter(id -> id.matches(".*[A-E].*")).count();
            ScanResult hex = scan(fleet, SecondaryScan.Digits.HEX);
            ScanResult decimal = scan(fleet, SecondaryScan.Digits.DECIMAL);
            hexTotal += hex.probes();
            decimalTotal += decimal.probes();
            System.out.printf(Locale.ROOT, "%-6d %8d %10d %14d %12d %14d/%d%n", seed, meters, hexIds, hex.probes(),
                    hex.meters().size(), decimal.probes(), decimal.meters().size());
            if (hex.meters().size() != ids.size()) {
                throw new IllegalStateException("hex scan missed meters on fleet " + seed);
            }
        }
        System.out.printf(Locale.ROOT, "mean probes: hex %.1f (finds all), decimal %.1f (misses the ids with A-E); ratio %.3f%n",
                hexTotal / (double) fleets, decimalTotal / (double) fleets, hexTotal / (double) decimalTotal);

        // The usual field case: every id decimal. The hex scan then pays only its 40 sweep probes.
        long hexDec = 0;
        long decDec = 0;
        for (int seed = 1; seed <= fleets; seed++) {
            List<SimulatedMeter> fleet = decimalOnly(SimulatedFleet.specs(meters, seed));
            ScanResult hex = scan(fleet, SecondaryScan.Digits.HEX);
            ScanResult decimal = scan(fleet, SecondaryScan.Digits.DECIMAL);
            if (hex.meters().size() != fleet.size() || decimal.meters().size() != fleet.size()) {
                throw new IllegalStateException("a scan missed meters on all-decimal fleet " + seed);
            }
            hexDec += hex.probes();
            decDec += decimal.probes();
        }
        System.out.printf(Locale.ROOT, "all-decimal fleets: mean probes hex %.1f, decimal %.1f (both find all); ratio %.3f%n",
                hexDec / (double) fleets, decDec / (double) fleets, hexDec / (double) decDec);
    }

    /** The same fleet with every A-E digit replaced by a decimal one (ids stay unique). */
    static List<SimulatedMeter> decimalOnly(List<MeterSpec> specs) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.List<SimulatedMeter> out = new java.util.ArrayList<>();
        java.util.Random r = new java.util.Random(specs.size());
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
            out.add(new SimulatedMeter(new MeterSpec(s.primaryAddress(), id, s.manufacturer(), s.version(), s.kind(),
                    s.telegrams(), s.seed()), java.time.Clock.systemUTC()));
        }
        return out;
    }

    static ScanResult scan(List<SimulatedMeter> fleet, SecondaryScan.Digits digits) throws Exception {
        SimulatedBus bus = new SimulatedBus(fleet, WireTiming.of(2400));
        MbusMaster master = new MbusMaster(new InMemoryTransport(bus), new BusTiming(1, 0, 0, 0, 0, 0, 1), nanos -> { });
        return new SecondaryScan(master, digits).run(ScanControl.none());
    }
}
