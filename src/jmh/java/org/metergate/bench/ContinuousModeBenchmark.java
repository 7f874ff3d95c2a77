package org.metergate.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.metergate.bus.ReadoutListener;
import org.metergate.bus.ReadoutResult;
import org.metergate.sim.SimulatedBus;
import org.metergate.sim.SimulatedFleet;
import org.metergate.sim.SimulatedMeter;
import org.metergate.sim.SimulatorServer;
import org.metergate.sim.WireTiming;

/**
 * Continuous mode (SPEC D3) must not starve scheduled readouts: the bus time of a scheduled cycle of N
 * meters (first readout's start to last readout's end, through the mbus: consumer and its bus owner)
 * without and with continuous mode reading the same bus back to back between cycles, and the rate of
 * the continuous readouts. Simulator over TCP at wire speed, primary addressing.
 *
 * <p>Run: {@code ./mvnw -B -P bench compile exec:exec -Dbench.main=org.metergate.bench.ContinuousModeBenchmark -Dbench.args="10 2400 3"}
 */
public final class ContinuousModeBenchmark {

    public static void main(String[] args) throws Exception {
        int meters = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int baud = args.length > 1 ? Integer.parseInt(args[1]) : 2400;
        int cycles = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<SimulatedMeter> fleet = SimulatedFleet.generate(meters, 2026);
        String addresses = fleet.stream().map(m -> String.valueOf(m.primaryAddress())).collect(Collectors.joining(","));
        try (SimulatorServer sim = SimulatorServer.tcp(new SimulatedBus(fleet, WireTiming.of(baud)), 0, false)) {
            for (boolean continuous : new boolean[] {false, true}) {
                List<Double> seconds = new ArrayList<>();
                AtomicLong live = new AtomicLong();
                CamelContext camel = new DefaultCamelContext();
                camel.getRegistry().bind("live", (ReadoutListener) (bus, request, result) -> live.incrementAndGet());
                BlockingQueue<ReadoutResult> got = new LinkedBlockingQueue<>();
                String uri = "mbus:bench?host=127.0.0.1&tcpPort=" + sim.port() + "&baud=" + baud + "&meters=" + addresses
                        + "&initialDelay=3000&delay=2000" + (continuous ? "&continuous=true&liveValues=#live" : "");
                camel.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from(uri).process(e -> got.add(e.getMessage().getBody(ReadoutResult.class)));
                    }
                });
                camel.start();
                long liveStart = System.nanoTime();
                long liveAtStart = live.get();
                for (int c = 0; c < cycles; c++) {
                    ReadoutResult first = null;
                    ReadoutResult last = null;
                    for (int i = 0; i < meters; i++) {
                        ReadoutResult r = got.poll(120, TimeUnit.SECONDS);
                        if (r == null || !r.ok()) {
                            throw new IllegalStateException("cycle " + c + ": readout " + i + " " + (r == null ? "missing" : r.message()));
                        }
                        first = first == null ? r : first;
                        last = r;
                    }
                    Duration bus = Duration.between(first.started(), last.started().plus(last.elapsed()));
                    seconds.add(bus.toMillis() / 1000.0);
                }
                double liveRate = (live.get() - liveAtStart) / ((System.nanoTime() - liveStart) / 1e9);
                camel.stop();
                Collections.sort(seconds);
                System.out.printf(Locale.ROOT, "continuous=%-5s %d meters at %d baud: scheduled cycle %.2f s median (%s)%s%n",
                        continuous, meters, baud, seconds.get(seconds.size() / 2), seconds,
                        continuous ? String.format(Locale.ROOT, ", continuous readouts %.2f/s meanwhile", liveRate) : "");
            }
        }
    }
}
