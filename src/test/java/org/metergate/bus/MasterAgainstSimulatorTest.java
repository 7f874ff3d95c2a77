package org.metergate.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.metergate.mbus.SecondaryAddress;
import org.metergate.sim.MeterFaults;
import org.metergate.sim.MeterKind;
import org.metergate.sim.MeterSpec;
import org.metergate.sim.SimulatedBus;
import org.metergate.sim.SimulatedFleet;
import org.metergate.sim.SimulatedMeter;
import org.metergate.sim.SimulatorServer;
import org.metergate.sim.WireTiming;

/** The master reading, selecting and scanning the simulator over TCP, at wire speed. */
class MasterAgainstSimulatorTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
    static final int BAUD = 38400;

    private static MbusMaster master(SimulatorServer server, int baud) {
        // The fast profile's windows are tens of milliseconds; a loaded test machine can pause a thread
        // that long, so the answer and inter-character windows are widened (timing has its own tests).
        BusTiming fast = BusTiming.fast(baud);
        BusTiming generous = new BusTiming(Math.max(fast.responseTimeout(), 400), fast.readoutRetries(), fast.selectionRetries(),
                fast.waitAfterInit(), fast.collisionRecovery(), fast.interRequestGap(), Math.max(fast.interCharTimeout(), 200));
        return new MbusMaster(new TcpTransport("127.0.0.1", server.port(), baud, 2000), generous, Sleeper.REAL);
    }

    @Test
    void readsEveryMeterByPrimaryAndSecondaryAddressToTheSimulatorsValues() throws Exception {
        List<SimulatedMeter> fleet = SimulatedFleet.generate(12, 7, CLOCK);
        try (SimulatorServer server = SimulatorServer.tcp(new SimulatedBus(fleet, WireTiming.of(BAUD)), 0, false)) {
            MbusMaster master = master(server, BAUD);
            MeterReader reader = new MeterReader(master, CLOCK);
            for (SimulatedMeter m : fleet) {
                ReadoutResult byPrimary = reader.read(new MeterAddress.Primary(m.primaryAddress()), MultiTelegram.AUTO);
                assertThat(byPrimary.status()).as(byPrimary.message()).isEqualTo(ReadoutResult.Status.OK);
                assertThat(byPrimary.readout().header().id()).isEqualTo(m.id());
                assertThat(byPrimary.telegrams()).hasSize(m.spec().telegrams());
                assertThat(byPrimary.readout().records()).isEqualTo(m.records(CLOCK.instant()));

                SecondaryAddress full = new SecondaryAddress(m.id(), m.spec().manufacturerCode(), m.spec().version(), m.spec().medium());
                ReadoutResult bySecondary = reader.read(new MeterAddress.Secondary(full), MultiTelegram.AUTO);
                assertThat(bySecondary.status()).as(bySecondary.message()).isEqualTo(ReadoutResult.Status.OK);
                assertThat(bySecondary.readout().header().id()).isEqualTo(m.id());
                assertThat(bySecondary.readout().records()).isEqualTo(m.records(CLOCK.instant()));
            }
            master.transport().close();
        }
    }

    @Test
    void multiTelegramOffReadsOnlyTheFirstTelegramAndSaysMoreWereAnnounced() throws Exception {
        List<SimulatedMeter> fleet = SimulatedFleet.generate(40, 3, CLOCK).stream()
                .filter(m -> m.spec().telegrams() > 1).limit(1).toList();
        assertThat(fleet).hasSize(1);
        SimulatedMeter m = fleet.get(0);
        try (SimulatorServer server = SimulatorServer.tcp(new SimulatedBus(fleet, WireTiming.of(BAUD)), 0, false)) {
            MbusMaster master = master(server, BAUD);
            ReadoutResult r = new MeterReader(master, CLOCK).read(new MeterAddress.Primary(m.primaryAddress()), MultiTelegram.OFF);
            assertThat(r.ok()).isTrue();
            assertThat(r.telegrams()).hasSize(1);
            assertThat(r.readout().complete()).isFalse();
            assertThat(r.message()).contains("more announced");
            master.transport().close();
        }
    }

    @Test
    void faultsAreReportedNeverStoredAsValues() throws Exception {
        List<SimulatedMeter> fleet = SimulatedFleet.generate(4, 11, CLOCK);
        fleet.get(0).faults(MeterFaults.NONE.withSilent(true));
        fleet.get(1).faults(MeterFaults.NONE.withBadChecksum(true));
        fleet.get(2).faults(MeterFaults.NONE.withCollide(true));
        fleet.get(3).faults(MeterFaults.NONE.withStatusBits(0x10));
        try (SimulatorServer server = SimulatorServer.tcp(new SimulatedBus(fleet, WireTiming.of(BAUD)), 0, false)) {
            MbusMaster master = master(server, BAUD);
            MeterReader reader = new MeterReader(master, CLOCK);
            ReadoutResult silent = reader.read(new MeterAddress.Primary(fleet.get(0).primaryAddress()), MultiTelegram.AUTO);
            assertThat(silent.status()).isEqualTo(ReadoutResult.Status.NO_ANSWER);
            assertThat(silent.readout()).isNull();
            // the link reset that starts the first readout of a primary address, then REQ_UD2 and its retries
            assertThat(silent.requests()).isEqualTo(1 + 1 + master.timing().readoutRetries());

            ReadoutResult badChecksum = reader.read(new MeterAddress.Primary(fleet.get(1).primaryAddress()), MultiTelegram.AUTO);
            assertThat(badChecksum.status()).isEqualTo(ReadoutResult.Status.COLLISION);
            assertThat(badChecksum.readout()).isNull();
            assertThat(badChecksum.telegrams()).isEmpty();

            ReadoutResult collide = reader.read(new MeterAddress.Primary(fleet.get(2).primaryAddress()), MultiTelegram.AUTO);
            assertThat(collide.status()).isEqualTo(ReadoutResult.Status.COLLISION);
            assertThat(collide.readout()).isNull();

            ReadoutResult status = reader.read(new MeterAddress.Primary(fleet.get(3).primaryAddress()), MultiTelegram.AUTO);
            assertThat(status.ok()).isTrue();
            assertThat(status.readout().header().temporaryError()).isTrue();
            assertThat(master.counters().collisions()).isGreaterThanOrEqualTo(2L * (1 + master.timing().readoutRetries()));
            master.transport().close();
        }
    }

    @Test
    void echoingLevelConverterIsHandled() throws Exception {
        List<SimulatedMeter> fleet = SimulatedFleet.generate(3, 5, CLOCK);
        try (SimulatorServer server = SimulatorServer.tcp(new SimulatedBus(fleet, WireTiming.of(BAUD)), 0, true)) {
            MbusMaster master = master(server, BAUD);
            MeterReader reader = new MeterReader(master, CLOCK);
            for (SimulatedMeter m : fleet) {
                SecondaryAddress id = SecondaryAddress.ofId(m.id());
                ReadoutResult r = reader.read(new MeterAddress.Secondary(id), MultiTelegram.AUTO);
                assertThat(r.status()).as(r.message()).isEqualTo(ReadoutResult.Status.OK);
                assertThat(r.readout().records()).isEqualTo(m.records(CLOCK.instant()));
            }
            master.transport().close();
        }
    }

    @Test
    void primaryScanFindsExactlyTheMetersAndCanBeCancelled() throws Exception {
        // Addresses 1..8 so a short range covers them: every unanswered probe costs a full timeout, and
        // the timeout stays generous so a loaded test machine cannot make a meter look absent.
        List<SimulatedMeter> generated = SimulatedFleet.generate(8, 21, CLOCK);
        List<SimulatedMeter> fleet = new ArrayList<>();
        for (int i = 0; i < generated.size(); i++) {
            fleet.add(new SimulatedMeter(generated.get(i).spec().withPrimaryAddress(i + 1), CLOCK));
        }
        fleet.get(0).faults(MeterFaults.NONE.withSilent(true));
        try (SimulatorServer server = SimulatorServer.tcp(new SimulatedBus(fleet, WireTiming.of(BAUD)), 0, false)) {
            MbusMaster master = master(server, BAUD);
            master.setTiming(master.timing().withResponseTimeout(150));
            List<ScanProgress> progress = new ArrayList<>();
            ScanResult result = new PrimaryScan(master).run(0, 20, new ScanControl(progress::add));
            Set<Integer> expected = fleet.stream().skip(1).map(SimulatedMeter::primaryAddress).collect(Collectors.toSet());
            assertThat(result.meters()).extracting(f -> ((MeterAddress.Primary) f.address()).address())
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(result.meters()).allSatisfy(f -> assertThat(f.header()).isNotNull());
            assertThat(result.probes()).isEqualTo(21);
            assertThat(progress).last().satisfies(p -> assertThat(p.done()).isEqualTo(1.0));

            ScanControl control = new ScanControl(p -> { });
            control.cancel();
            assertThat(new PrimaryScan(master).run(0, 20, control).cancelled()).isTrue();
            master.transport().close();
        }
    }

    @Test
    void primaryScanReportsTwoMetersOnOneAddressAsAConflictNotAMeter() throws Exception {
        List<SimulatedMeter> generated = SimulatedFleet.generate(3, 5, CLOCK);
        List<SimulatedMeter> fleet = List.of(new SimulatedMeter(generated.get(0).spec().withPrimaryAddress(1), CLOCK),
                new SimulatedMeter(generated.get(1).spec().withPrimaryAddress(2), CLOCK),
                new SimulatedMeter(generated.get(2).spec().withPrimaryAddress(2), CLOCK));
        try (SimulatorServer server = SimulatorServer.tcp(new SimulatedBus(fleet, WireTiming.of(BAUD)), 0, false)) {
            MbusMaster master = master(server, BAUD);
            ScanResult result = new PrimaryScan(master).run(1, 3, new ScanControl(p -> { }));
            assertThat(result.meters()).extracting(f -> ((MeterAddress.Primary) f.address()).address()).containsExactly(1);
            // the simulator garbles the overlapping E5s already; on a real bus they may merge into one clean E5, and
            // then the colliding telegrams of the header read give it away
            assertThat(result.conflicts()).singleElement().asString().startsWith("primary address 2: ");
            master.transport().close();
        }
    }

    @Test
    void secondaryScanFindsExactlyTheMetersIncludingHexIdsWhichADecimalScanMisses() throws Exception {
        List<SimulatedMeter> fleet = SimulatedFleet.generate(14, 99, CLOCK);
        Set<String> ids = fleet.stream().map(SimulatedMeter::id).collect(Collectors.toSet());
        Set<String> hexIds = ids.stream().filter(id -> id.matches(".*[A-E].*")).collect(Collectors.toSet());
        assertThat(hexIds).isNotEmpty();
        try (SimulatorServer server = SimulatorServer.tcp(new SimulatedBus(fleet, WireTiming.of(BAUD)), 0, false)) {
            MbusMaster master = master(server, BAUD);
            master.setTiming(new BusTiming(120, 1, 1, 0, 5, 1, 30));
            ScanResult hex = new SecondaryScan(master, SecondaryScan.Digits.HEX).run(ScanControl.none());
            assertThat(hex.conflicts()).isEmpty();
            assertThat(hex.meters()).extracting(f -> f.header().id()).containsExactlyInAnyOrderElementsOf(ids);

            ScanResult decimal = new SecondaryScan(master, SecondaryScan.Digits.DECIMAL).run(ScanControl.none());
            Set<String> decimalFound = decimal.meters().stream().map(f -> f.header().id()).collect(Collectors.toSet());
            assertThat(decimalFound).isSubsetOf(ids);
            // A hex id is only found by a decimal scan when it is alone under a decimal prefix.
            assertThat(ids).containsAll(decimalFound);
            assertThat(hex.meters().size()).isGreaterThanOrEqualTo(decimalFound.size());
            master.transport().close();
        }
    }

    @Test
    void hexScanOverTheWireFindsLetterIdsBehindCollisionsAndAnIdWithTheNibbleFWhenItIsAlone() throws Exception {
        // FFFFFFF3 collides and its decimal children explain it (13, 23): 000000A3 only the letter check finds.
        // 1234567F answers only masks with the last nibble wild: a cross selection (FFFFFF7F) finds it alone.
        List<SimulatedMeter> fleet = new ArrayList<>();
        int address = 1;
        for (String id : List.of("00000013", "00000023", "000000A3", "0000C004", "0000D004", "1234567F")) {
            fleet.add(new SimulatedMeter(new MeterSpec(address++, id, "KAM", 1, MeterKind.WATER, 1, address), CLOCK));
        }
        try (SimulatorServer server = SimulatorServer.tcp(new SimulatedBus(fleet, WireTiming.of(BAUD)), 0, false)) {
            MbusMaster master = master(server, BAUD);
            master.setTiming(new BusTiming(250, 1, 1, 0, 5, 1, 30));
            ScanResult hex = new SecondaryScan(master, SecondaryScan.Digits.HEX).run(ScanControl.none());
            assertThat(hex.meters()).extracting(f -> f.header().id())
                    .containsExactlyInAnyOrder("00000013", "00000023", "000000A3", "0000C004", "0000D004", "1234567F");
            assertThat(hex.conflicts()).isEmpty();
            master.transport().close();
        }
    }

    @Test
    void answersAt2400BaudTakeTheirWireTime() throws Exception {
        List<SimulatedMeter> fleet = SimulatedFleet.generate(1, 2, CLOCK);
        try (SimulatorServer server = SimulatorServer.tcp(new SimulatedBus(fleet, WireTiming.of(2400)), 0, false)) {
            MbusMaster master = master(server, 2400);
            ReadoutResult r = new MeterReader(master, CLOCK).read(new MeterAddress.Primary(fleet.get(0).primaryAddress()), MultiTelegram.AUTO);
            assertThat(r.ok()).isTrue();
            int bytes = r.telegrams().stream().mapToInt(t -> t.length).sum() + 5 * r.telegrams().size();
            assertThat(r.elapsed()).isGreaterThanOrEqualTo(Duration.ofNanos(BusTiming.charNanos(bytes, 2400)));
            master.transport().close();
        }
    }
}
