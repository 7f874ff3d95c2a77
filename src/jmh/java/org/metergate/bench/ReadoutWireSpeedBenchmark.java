package org.metergate.bench;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.metergate.bus.BusTiming;
import org.metergate.bus.MbusMaster;
import org.metergate.bus.MeterAddress;
import org.metergate.bus.MeterReader;
import org.metergate.bus.MultiTelegram;
import org.metergate.bus.ReadoutResult;
import org.metergate.bus.Sleeper;
import org.metergate.bus.TcpTransport;
import org.metergate.mbus.MasterRequests;
import org.metergate.mbus.SecondaryAddress;
import org.metergate.sim.SimulatedBus;
import org.metergate.sim.SimulatedFleet;
import org.metergate.sim.SimulatedMeter;
import org.metergate.sim.SimulatorServer;
import org.metergate.sim.WireTiming;

/**
 * Issue 4's readout figure: reading N meters by secondary address through the simulator at wire
 * speed (TCP, 2400 baud, the fast timing profile), against the wire-time lower bound: every request
 * and answer character (11 bits) plus the standard's minimum gaps (11 bit times before each answer
 * and 11 bit times after it before the next request).
 *
 * <p>Run: {@code ./mvnw -B -P bench compile exec:exec -Dbench.main=org.metergate.bench.ReadoutWireSpeedBenchmark -Dbench.args="250 2400"}
 */
public final class ReadoutWireSpeedBenchmark {

    public static void main(String[] args) throws Exception {
        int meters = args.length > 0 ? Integer.parseInt(args[0]) : 250;
        int baud = args.length > 1 ? Integer.parseInt(args[1]) : 2400;
        List<SimulatedMeter> fleet = SimulatedFleet.generate(meters, 2026);
        try (SimulatorServer sim = SimulatorServer.tcp(new SimulatedBus(fleet, WireTiming.of(baud)), 0, false)) {
            MbusMaster master = new MbusMaster(new TcpTransport("127.0.0.1", sim.port(), baud, 5000), BusTiming.fast(baud), Sleeper.REAL);
            MeterReader reader = new MeterReader(master, Clock.systemUTC());
            long lowerBoundNanos = 0;
            long answerBytes = 0;
            int ok = 0;
            long t0 = System.nanoTime();
            for (SimulatedMeter m : fleet) {
                SecondaryAddress address = new SecondaryAddress(m.id(), m.spec().manufacturerCode(), m.spec().version(), m.spec().medium());
                ReadoutResult r = reader.read(new MeterAddress.Secondary(address), MultiTelegram.AUTO);
                if (!r.ok()) {
                    throw new IllegalStateException(m.id() + ": " + r.message());
                }
                ok++;
                int chars = MasterRequests.selectSecondary(address).length + 1; // selection and its E5
                int exchanges = 1;
                for (byte[] telegram : r.telegrams()) {
                    chars += MasterRequests.reqUd2(MasterRequests.SELECTED, true).length + telegram.length;
                    answerBytes += telegram.length;
                    exchanges++;
                }
                long bits = (long) chars * BusTiming.BITS_PER_CHAR + exchanges * 2L * 11;
                lowerBoundNanos += bits * 1_000_000_000L / baud;
            }
            long elapsed = System.nanoTime() - t0;
            master.transport().close();
            System.out.printf(Locale.ROOT, "%d meters read at %d baud (secondary addressing, %.0f answer bytes per meter on average)%n",
                    ok, baud, answerBytes / (double) ok);
            System.out.printf(Locale.ROOT, "measured %.2f s, wire-time lower bound %.2f s, ratio %.3f%n",
                    elapsed / 1e9, lowerBoundNanos / 1e9, elapsed / (double) lowerBoundNanos);
        }
    }
}
