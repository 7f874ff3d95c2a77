package org.metergate.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.bus.BusOwner;
import org.metergate.bus.BusTiming;
import org.metergate.bus.MeterAddress;
import org.metergate.bus.MeterSource;
import org.metergate.bus.MultiTelegram;
import org.metergate.bus.ReadoutListener;
import org.metergate.bus.ReadoutRequest;
import org.metergate.bus.ReadoutResult;
import org.metergate.sim.MeterKind;
import org.metergate.sim.MeterSpec;
import org.metergate.sim.PtyLineSpeed;
import org.metergate.sim.SimulatedBus;
import org.metergate.sim.SimulatedMeter;
import org.metergate.sim.SimulatorServer;
import org.metergate.sim.WireTiming;
import org.metergate.testing.SocatPair;

/**
 * An {@code mbus:} route on a serial port (a socat pty) whose meter source names meters at 300 and 2400
 * baud (SPEC A1, C4): every meter is read ok at its own speed; the route's baud is the default. And the
 * route's timing profile gives each meter the set of its multi-telegram mode (SPEC A6).
 */
@Timeout(120)
class MbusMixedSpeedRouteTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aRouteReadsMetersOfTwoSpeedsOnOneSerialBus() throws Exception {
        SimulatedMeter a = new SimulatedMeter(new MeterSpec(1, "00002401", "KAM", 1, MeterKind.WATER, 1, 1), CLOCK);
        SimulatedMeter b = new SimulatedMeter(new MeterSpec(2, "00000302", "ELS", 1, MeterKind.GAS, 1, 2), CLOCK).baud(300);
        SimulatedMeter c = new SimulatedMeter(new MeterSpec(3, "00000303", "ELS", 1, MeterKind.GAS, 1, 3), CLOCK).baud(300);
        CamelContext camel = new DefaultCamelContext();
        try (SocatPair pty = SocatPair.open(dir);
             PtyLineSpeed line = new PtyLineSpeed(pty.a, 2400);
             SimulatorServer sim = SimulatorServer.pty(new SimulatedBus(List.of(a, b, c), WireTiming.of(2400)), pty.b, false, line)) {
            MeterSource source = bus -> List.of(
                    new ReadoutRequest(12, new MeterAddress.Primary(2), 300, MultiTelegram.AUTO, null, null, null),
                    new ReadoutRequest(11, new MeterAddress.Primary(1), 2400, MultiTelegram.AUTO, null, null, null),
                    new ReadoutRequest(13, new MeterAddress.Primary(3), 300, MultiTelegram.OFF, null, null, null));
            camel.getRegistry().bind("installed", source);
            BlockingQueue<Exchange> got = new LinkedBlockingQueue<>();
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("mbus:mixed?port=" + pty.a + "&baud=2400&responseTimeout=600&meterSource=#installed&delay=60000")
                            .process(got::add);
                }
            });
            camel.start();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Exchange e = got.poll(30, TimeUnit.SECONDS);
                assertThat(e).as("readout %d", i + 1).isNotNull();
                ReadoutResult r = e.getMessage().getBody(ReadoutResult.class);
                assertThat(r.status()).as(r.message()).isEqualTo(ReadoutResult.Status.OK);
                ids.add(e.getMessage().getHeader(MbusConstants.METER_ID, Long.class));
            }
            assertThat(ids).containsExactly(11L, 12L, 13L);
            camel.stop();
        } finally {
            camel.stop();
        }
    }

    /**
     * SPEC D3 with meters at two speeds: each round of continuous mode reads the default speed first, then
     * the 300-baud meters, and switches the port back to the default at the round's end — so two rounds
     * cost four switches and the idle bus runs at its default speed.
     */
    @Test
    void continuousModeSwitchesBackToTheDefaultAtTheEndOfEachRound() throws Exception {
        SimulatedMeter a = new SimulatedMeter(new MeterSpec(1, "00002401", "KAM", 1, MeterKind.WATER, 1, 1), CLOCK);
        SimulatedMeter b = new SimulatedMeter(new MeterSpec(2, "00000302", "ELS", 1, MeterKind.GAS, 1, 2), CLOCK).baud(300);
        SimulatedMeter c = new SimulatedMeter(new MeterSpec(3, "00002403", "KAM", 1, MeterKind.WATER, 1, 3), CLOCK);
        CamelContext camel = new DefaultCamelContext();
        try (SocatPair pty = SocatPair.open(dir);
             PtyLineSpeed line = new PtyLineSpeed(pty.a, 2400);
             SimulatorServer sim = SimulatorServer.pty(new SimulatedBus(List.of(a, b, c), WireTiming.of(2400)), pty.b, false, line)) {
            List<ReadoutRequest> meters = List.of(
                    new ReadoutRequest(12, new MeterAddress.Primary(2), 300, MultiTelegram.AUTO, null, null, null),
                    new ReadoutRequest(11, new MeterAddress.Primary(1), 2400, MultiTelegram.AUTO, null, null, null),
                    new ReadoutRequest(13, new MeterAddress.Primary(3), null, MultiTelegram.AUTO, null, null, null));
            // two rounds, then nothing to read: the loop idles
            AtomicInteger rounds = new AtomicInteger();
            CountDownLatch idle = new CountDownLatch(1);
            MeterSource source = bus -> {
                if (rounds.incrementAndGet() <= 2) {
                    return meters;
                }
                idle.countDown();
                return List.of();
            };
            List<ReadoutResult> live = new CopyOnWriteArrayList<>();
            List<Long> order = new CopyOnWriteArrayList<>();
            ReadoutListener listener = (bus, request, result) -> {
                live.add(result);
                order.add(request.meterId());
            };
            camel.getRegistry().bind("installed", source);
            camel.getRegistry().bind("live", listener);
            String uri = "mbus:cont?port=" + pty.a + "&baud=2400&responseTimeout=600&meterSource=#installed"
                    + "&continuous=true&liveValues=#live&initialDelay=3600000&delay=3600000";
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri).to("log:never"); // the poll never runs in this test (initialDelay)
                }
            });
            camel.start();
            assertThat(idle.await(60, TimeUnit.SECONDS)).as("two rounds read").isTrue();
            BusOwner owner = camel.getEndpoint(uri, MbusEndpoint.class).owner();
            owner.submitBackground("sync", m -> null).get(); // behind the second round's restore

            assertThat(live).hasSize(6).allSatisfy(r -> assertThat(r.status()).as(r.message()).isEqualTo(ReadoutResult.Status.OK));
            assertThat(order).containsExactly(11L, 13L, 12L, 11L, 13L, 12L);
            // per round: to 300 for meter 12, back to 2400 at the round's end
            assertThat(owner.counters().baudSwitches()).isEqualTo(4);
            assertThat(line.baud()).isEqualTo(2400);
            camel.stop();
        } finally {
            camel.stop();
        }
    }

    @Test
    void theManualProfileGivesEachMeterTheSetOfItsMultiTelegramMode() throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.start();
        try {
            MbusEndpoint e = camel.getEndpoint("mbus:t?host=127.0.0.1&tcpPort=1&timing=manual&multiTelegram=false&interRequestGap=77",
                    MbusEndpoint.class);
            BusTiming single = e.timingProfile().timing(2400, false);
            BusTiming multi = e.timingProfile().timing(2400, true);
            assertThat(single).isEqualTo(new BusTiming(1000, 1, 1, 10_000, 5000, 77, 100));
            assertThat(multi).isEqualTo(new BusTiming(1500, 3, 2, 10_000, 3500, 77, 100));
            // scans and raw sends keep the route's set (multiTelegram=false: single)
            assertThat(e.busTiming()).isEqualTo(single);
            // the fast profile follows the meter's speed: a 300-baud meter gets the EN 13757-2 window at 300
            MbusEndpoint fast = camel.getEndpoint("mbus:f?host=127.0.0.1&tcpPort=1", MbusEndpoint.class);
            assertThat(fast.timingProfile().timing(300, true)).isEqualTo(BusTiming.fast(300));
            assertThat(fast.timingProfile().timing(2400, false)).isEqualTo(BusTiming.fast(2400));
        } finally {
            camel.stop();
        }
    }
}
