package org.metergate.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.mbus.MasterRequests;
import org.metergate.sim.MeterKind;
import org.metergate.sim.MeterSpec;
import org.metergate.sim.PtyLineSpeed;
import org.metergate.sim.SimulatedBus;
import org.metergate.sim.SimulatedMeter;
import org.metergate.sim.SimulatorServer;
import org.metergate.sim.WireTiming;
import org.metergate.testing.SocatPair;

/**
 * SPEC A1: meters at 300 and 2400 baud on one bus, read through jSerialComm on one end of a socat pty
 * pair; the simulator on the other end reads the speed the master set (termios of the master's end) and
 * lets each meter understand only requests sent at its own speed.
 */
@Timeout(120)
class MixedSpeedBusTest {

    @TempDir
    Path dir;

    static SimulatedMeter meter(int address, String id, MeterKind kind) {
        return new SimulatedMeter(new MeterSpec(address, id, "KAM", 1, kind, 1, address), MasterAgainstSimulatorTest.CLOCK);
    }

    static MbusMaster serialMaster(Path port) {
        // the fast profile at each meter's speed, widened for a loaded test machine (timing has its own tests)
        TimingProfile profile = (baud, multi) -> {
            BusTiming f = BusTiming.fast(baud);
            return new BusTiming(Math.max(f.responseTimeout(), 600), f.readoutRetries(), f.selectionRetries(), f.waitAfterInit(),
                    f.collisionRecovery(), f.interRequestGap(), Math.max(f.interCharTimeout(), 200));
        };
        return new MbusMaster(new SerialTransport(port.toString(), 2400), profile.timing(2400, false), profile, Sleeper.REAL);
    }

    static ReadoutRequest request(SimulatedMeter m, Integer baud) {
        return new ReadoutRequest(m.primaryAddress(), new MeterAddress.Primary(m.primaryAddress()), baud, MultiTelegram.AUTO,
                null, null, null);
    }

    @Test
    void metersAt300And2400OnOneSerialBusAreAllReadGroupedBySpeed() throws Exception {
        SimulatedMeter fast1 = meter(1, "00002401", MeterKind.WATER);
        SimulatedMeter slow1 = meter(2, "00000301", MeterKind.GAS).baud(300);
        SimulatedMeter fast2 = meter(3, "00002402", MeterKind.WATER);
        SimulatedMeter slow2 = meter(4, "00000302", MeterKind.GAS).baud(300);
        SimulatedBus bus = new SimulatedBus(List.of(fast1, slow1, fast2, slow2), WireTiming.of(2400));
        try (SocatPair pty = SocatPair.open(dir);
             PtyLineSpeed line = new PtyLineSpeed(pty.a, 2400);
             SimulatorServer sim = SimulatorServer.pty(bus, pty.b, false, line)) {
            MbusMaster master = serialMaster(pty.a);
            try (BusOwner owner = new BusOwner("mixed", master)) {
                // the list order mixes the speeds; fast2 has no own speed (the bus default 2400)
                List<ReadoutRequest> requests = List.of(request(slow1, 300), request(fast1, 2400), request(slow2, 300),
                        request(fast2, null));
                List<ReadoutResult> results = new ArrayList<>();
                List<Long> order = new ArrayList<>();
                new RetryingReadout(owner, MasterAgainstSimulatorTest.CLOCK).run("readout", requests, RetryPolicy.NONE,
                        RetryingReadout::sleep, () -> true, (req, result, attempt) -> {
                            results.add(result);
                            order.add(req.meterId());
                        });
                owner.submit("sync", m -> null).get(); // the restore queued behind the cycle has run

                assertThat(results).allSatisfy(r -> assertThat(r.status()).as(r.message()).isEqualTo(ReadoutResult.Status.OK));
                // default speed first, then 300, each group in list order
                assertThat(order).containsExactly(1L, 3L, 2L, 4L);
                assertThat(results.get(2).readout().header().id()).isEqualTo("00000301");
                assertThat(results.get(2).readout().records()).isEqualTo(slow1.records(MasterAgainstSimulatorTest.CLOCK.instant()));
                // one switch to 300 for both slow meters, one back to the default after the cycle
                assertThat(master.counters().baudSwitches()).isEqualTo(2);
                assertThat(master.transport().baud()).isEqualTo(2400);
                assertThat(line.baud()).isEqualTo(2400);

                // wire time: the slow meters' request and answer took at least their character time at 300 baud,
                // eight times that at 2400 (the simulator never writes early, so this bound cannot flake)
                for (ReadoutResult slow : List.of(results.get(2), results.get(3))) {
                    int chars = MasterRequests.reqUd2(2, true).length + slow.telegrams().get(0).length;
                    assertThat(slow.elapsed()).isGreaterThanOrEqualTo(WireTiming.of(300).wireTime(chars));
                }
                Duration fastWire = WireTiming.of(2400).wireTime(MasterRequests.reqUd2(1, true).length
                        + results.get(0).telegrams().get(0).length);
                assertThat(results.get(0).elapsed()).isGreaterThanOrEqualTo(fastWire);
            }
        }
    }

    /** Without link-level retries: a request that gets no answer fails after one response timeout. */
    static ReadoutRequest once(SimulatedMeter m, int baud) {
        return new ReadoutRequest(m.primaryAddress(), new MeterAddress.Primary(m.primaryAddress()), baud, MultiTelegram.AUTO,
                null, 0, null);
    }

    @Test
    void aMeterAnswersOnlyAtItsOwnSpeed() throws Exception {
        SimulatedMeter slow = meter(7, "00000307", MeterKind.GAS).baud(300);
        SimulatedMeter fast = meter(8, "00002408", MeterKind.WATER);
        SimulatedBus bus = new SimulatedBus(List.of(slow, fast), WireTiming.of(2400));
        try (SocatPair pty = SocatPair.open(dir);
             PtyLineSpeed line = new PtyLineSpeed(pty.a, 2400);
             SimulatorServer sim = SimulatorServer.pty(bus, pty.b, false, line)) {
            MbusMaster master = serialMaster(pty.a);
            MeterReader reader = new MeterReader(master, MasterAgainstSimulatorTest.CLOCK);
            // the 300-baud meter asked at 2400, and the 2400-baud meter asked at 300: garbage to them, no answer
            assertThat(reader.read(once(slow, 2400)).status()).isEqualTo(ReadoutResult.Status.NO_ANSWER);
            assertThat(reader.read(once(fast, 300)).status()).isEqualTo(ReadoutResult.Status.NO_ANSWER);
            // each at its own speed
            assertThat(reader.read(request(slow, 300)).status()).isEqualTo(ReadoutResult.Status.OK);
            assertThat(reader.read(request(fast, 2400)).status()).isEqualTo(ReadoutResult.Status.OK);
            master.transport().close();
        }
    }

    @Test
    void aTcpConverterHasOneFixedSpeed() throws Exception {
        SimulatedMeter slow = meter(7, "00000307", MeterKind.GAS).baud(300);
        SimulatedMeter fast = meter(8, "00002408", MeterKind.WATER);
        try (SimulatorServer sim = SimulatorServer.tcp(new SimulatedBus(List.of(slow, fast), WireTiming.of(2400)), 0, false)) {
            MbusMaster master = new MbusMaster(new TcpTransport("127.0.0.1", sim.port(), 2400, 2000), BusTiming.fast(2400)
                    .withResponseTimeout(600), Sleeper.REAL);
            MeterReader reader = new MeterReader(master, MasterAgainstSimulatorTest.CLOCK);
            ReadoutResult refused = reader.read(request(slow, 300));
            assertThat(refused.status()).isEqualTo(ReadoutResult.Status.BAUD_MISMATCH);
            assertThat(refused.message()).contains("300 baud", "fixed 2400 baud", "tcp://127.0.0.1:" + sim.port());
            assertThat(master.counters().requests()).as("nothing sent at the wrong speed").isZero();
            assertThat(refused.requests()).isZero();
            // the converter's line really is at 2400: the 300-baud meter does not understand a request through it
            assertThat(reader.read(once(slow, 2400)).status()).isEqualTo(ReadoutResult.Status.NO_ANSWER);
            assertThat(reader.read(request(fast, 2400)).status()).isEqualTo(ReadoutResult.Status.OK);
            master.transport().close();
        }
    }
}
