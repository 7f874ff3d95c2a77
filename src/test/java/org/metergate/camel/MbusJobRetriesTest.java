package org.metergate.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metergate.bus.ReadoutRequest;
import org.metergate.bus.ReadoutResult;
import org.metergate.bus.RetryPolicy;
import org.metergate.sim.MeterFaults;
import org.metergate.sim.SimulatedBus;
import org.metergate.sim.SimulatedFleet;
import org.metergate.sim.SimulatedMeter;
import org.metergate.sim.SimulatorServer;
import org.metergate.sim.WireTiming;

/**
 * Job retries with offset seconds (SPEC D5) and continuous mode (D3) of the mbus: consumer, in a real
 * Camel context against the simulator over TCP with meters that do not answer.
 */
class MbusJobRetriesTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    private List<SimulatedMeter> fleet;
    private SimulatorServer sim;
    private CamelContext camel;

    @BeforeEach
    void start() throws Exception {
        fleet = SimulatedFleet.generate(3, 7, CLOCK);
        sim = SimulatorServer.tcp(new SimulatedBus(fleet, WireTiming.of(38400)), 0, false);
        camel = new DefaultCamelContext();
    }

    @AfterEach
    void stop() throws Exception {
        camel.stop();
        sim.close();
    }

    private String uri(String extra) {
        // a generous answer timeout: the test machine is shared and answers can come late under load
        return "mbus:sim?host=127.0.0.1&tcpPort=" + sim.port() + "&baud=38400&responseTimeout=300" + extra;
    }

    @Test
    void failedMetersAreReadAgainAfterTheOffsetUpToTheRetriesAndEveryAttemptIsAnExchange() throws Exception {
        SimulatedMeter dead = fleet.get(1);
        dead.faults(MeterFaults.NONE.withSilent(true));
        SimulatedMeter recovers = fleet.get(2);
        recovers.faults(MeterFaults.NONE.withSilent(true));
        camel.getRegistry().bind("retries", new JobRetries(new RetryPolicy(2, 1), RetryPolicy.NONE));
        BlockingQueue<Exchange> got = new LinkedBlockingQueue<>();
        String meters = fleet.get(0).primaryAddress() + "," + dead.primaryAddress() + "," + recovers.primaryAddress();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("&meters=" + meters + "&jobRetries=#retries&delay=3600000&readoutRetries=0")).routeId("readout").process(e -> {
                    got.add(e.copy());
                    // the third meter comes back after its first failed attempt (the route runs before the offset wait)
                    if (e.getMessage().getHeader(MbusConstants.ADDRESS).equals(String.valueOf(recovers.primaryAddress()))) {
                        recovers.faults(MeterFaults.NONE);
                    }
                });
            }
        });
        camel.start();
        List<String> seen = new java.util.ArrayList<>();
        long[] at = new long[6];
        for (int i = 0; i < 6; i++) {
            Exchange e = got.poll(30, TimeUnit.SECONDS);
            assertThat(e).as("exchange " + i + " after " + seen).isNotNull();
            at[i] = System.nanoTime();
            seen.add(e.getMessage().getHeader(MbusConstants.ADDRESS) + ":" + e.getMessage().getHeader(MbusConstants.STATUS)
                    + ":" + e.getMessage().getHeader(MbusConstants.ATTEMPT) + "/" + e.getMessage().getHeader(MbusConstants.ATTEMPTS)
                    + (Boolean.TRUE.equals(e.getMessage().getHeader(MbusConstants.RETRY_FOLLOWS)) ? "+" : ""));
        }
        int ok = fleet.get(0).primaryAddress();
        int d = dead.primaryAddress();
        int r = recovers.primaryAddress();
        assertThat(seen).containsExactly(
                ok + ":OK:1/3", d + ":NO_ANSWER:1/3+", r + ":NO_ANSWER:1/3+",
                d + ":NO_ANSWER:2/3+", r + ":OK:2/3",
                d + ":NO_ANSWER:3/3");
        // the second pass waited for the offset (1 s) after the first
        assertThat(at[3] - at[2]).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(900));
        assertThat(got.poll(1500, TimeUnit.MILLISECONDS)).as("no fourth attempt").isNull();
    }

    @Test
    void continuousModeFeedsTheListenerAndNotTheRoute() throws Exception {
        BlockingQueue<ReadoutResult> live = new LinkedBlockingQueue<>();
        camel.getRegistry().bind("live", (org.metergate.bus.ReadoutListener) (bus, ReadoutRequest, result) -> live.add(result));
        BlockingQueue<Exchange> routed = new LinkedBlockingQueue<>();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // the first poll an hour away: everything that arrives comes from the continuous loop
                from(uri("&meters=" + fleet.get(0).primaryAddress() + "," + fleet.get(1).primaryAddress()
                        + "&continuous=true&liveValues=#live&initialDelay=3600000&delay=3600000")).process(routed::add);
            }
        });
        camel.start();
        // back to back: the loop goes round more than once
        for (int i = 0; i < 5; i++) {
            ReadoutResult r = live.poll(30, TimeUnit.SECONDS);
            assertThat(r).isNotNull();
            assertThat(r.ok()).as(r.status() + " " + r.message()).isTrue();
        }
        assertThat(routed).isEmpty();
    }
}
