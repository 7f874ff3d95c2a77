package org.metergate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.metergate.mbus.Frame;
import org.metergate.mbus.FrameCodec;
import org.metergate.mbus.MasterRequests;
import org.metergate.mbus.MbusDecodeException;
import org.metergate.mbus.MeterReadout;
import org.metergate.mbus.SecondaryAddress;
import org.metergate.mbus.Telegram;
import org.metergate.mbus.TelegramDecoder;

/** A real master on a real loopback socket against the simulator. */
@Timeout(30) // a blocked read must fail the test, not hang the build
class SimulatorServerTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-05T12:34:00Z"), ZoneOffset.UTC);
    /** Seed 14: 10 meters of all four kinds, two with hex digits in the id, two multi-telegram. */
    static final long FLEET_SEED = 14;

    static MeterSpec spec(int primary, String id, MeterKind kind, int telegrams) {
        return new MeterSpec(primary, id, kind.manufacturers().get(1), 2, kind, telegrams, id.hashCode());
    }

    @Test
    void readsEveryMeterOfAFleetByPrimaryAndBySecondaryAddress() throws Exception {
        List<SimulatedMeter> fleet = SimulatedFleet.generate(10, FLEET_SEED, CLOCK);
        assertThat(fleet).anyMatch(m -> m.id().matches(".*[A-E].*")).anyMatch(m -> m.spec().telegrams() > 1);
        SimulatedBus bus = new SimulatedBus(fleet, WireTiming.of(38400));
        try (SimulatorServer server = SimulatorServer.tcp(bus, 0, false);
                TestMaster master = TestMaster.tcp(server.port())) {
            for (SimulatedMeter m : fleet) {
                MeterReadout byPrimary = master.readPrimary(m.primaryAddress());
                assertThat(byPrimary.header().id()).isEqualTo(m.id());
                assertThat(byPrimary.telegrams()).isEqualTo(m.spec().telegrams());
                assertThat(byPrimary.records()).isEqualTo(m.records(CLOCK.instant()));

                MeterReadout bySecondary = master.readSecondary(m.spec().selectionMask());
                assertThat(bySecondary.header().id()).isEqualTo(m.id());
                assertThat(bySecondary.header().manufacturerCode()).isEqualTo(m.spec().manufacturerCode());
                assertThat(bySecondary.header().version()).isEqualTo(m.spec().version());
                assertThat(bySecondary.header().medium()).isEqualTo(m.spec().medium());
                assertThat(bySecondary.records()).isEqualTo(m.records(CLOCK.instant()));
            }
        }
    }

    @Test
    void multiTelegramFcbSequencing() throws Exception {
        SimulatedMeter m = new SimulatedMeter(spec(12, "4400AB12", MeterKind.ELECTRICITY, 3), CLOCK);
        try (SimulatorServer server = SimulatorServer.tcp(new SimulatedBus(List.of(m), WireTiming.of(38400)), 0, false);
                TestMaster master = TestMaster.tcp(server.port())) {
            assertThat(master.exchange(MasterRequests.sndNke(12)).isSingleAck()).isTrue();
            TestMaster.Reply first = master.exchange(MasterRequests.reqUd2(12, true));
            TestMaster.Reply repeat = master.exchange(MasterRequests.reqUd2(12, true));
            assertThat(repeat.raw()).isEqualTo(first.raw());
            Telegram t1 = TelegramDecoder.decode(first.frames().get(0));
            Telegram t2 = TelegramDecoder.decode(master.exchange(MasterRequests.reqUd2(12, false)).frames().get(0));
            Telegram t3 = TelegramDecoder.decode(master.exchange(MasterRequests.reqUd2(12, true)).frames().get(0));
            assertThat(List.of(t1.moreRecordsFollow(), t2.moreRecordsFollow(), t3.moreRecordsFollow()))
                    .containsExactly(true, true, false);
            assertThat(MeterReadout.merge(List.of(t1, t2, t3)).records()).isEqualTo(m.records(CLOCK.instant()));
            assertThat(t3.header().accessNumber()).isEqualTo((t1.header().accessNumber() + 2) & 0xFF);
            // the next toggle starts again with telegram 1
            Telegram again = TelegramDecoder.decode(master.exchange(MasterRequests.reqUd2(12, false)).frames().get(0));
            assertThat(again.records()).isEqualTo(t1.records());
            assertThat(again.moreRecordsFollow()).isTrue();
        }
    }

    @Test
    void wildcardSelectionCollidesWithTwoMatchesAndAcknowledgesWithOne() throws Exception {
        SimulatedMeter a = new SimulatedMeter(spec(1, "5512340C", MeterKind.HEAT, 1), CLOCK);
        SimulatedMeter b = new SimulatedMeter(spec(2, "55123407", MeterKind.HEAT, 1), CLOCK);
        SimulatedMeter c = new SimulatedMeter(spec(3, "55129999", MeterKind.WATER, 1), CLOCK);
        try (SimulatorServer server = SimulatorServer.tcp(new SimulatedBus(List.of(a, b, c), WireTiming.of(9600)), 0, false);
                TestMaster master = TestMaster.tcp(server.port())) {
            TestMaster.Reply collision = master.exchange(MasterRequests.selectSecondary(SecondaryAddress.ofId("551234FF")),
                    Duration.ofMillis(200));
            assertThat(collision.raw()).isNotEmpty();
            assertThat(collision.frames()).noneMatch(f -> f instanceof Frame.Ack);
            assertThat(collision.garbageBytes()).isPositive();

            // 5512FFFF matches all three, the medium narrows it to the water meter
            TestMaster.Reply one = master.exchange(MasterRequests.selectSecondary(
                    new SecondaryAddress("5512FFFF", 0xFFFF, 0xFF, MeterKind.WATER.medium())));
            assertThat(one.isSingleAck()).isTrue();
            assertThat(TelegramDecoder.decode(master.exchange(MasterRequests.reqUd2(253, true)).frames().get(0))
                    .header().id()).isEqualTo("55129999");

            // narrowing on the hex digit: 5512340C alone
            byte[] mask = a.spec().selectionMask();
            mask[4] = mask[5] = mask[6] = mask[7] = (byte) 0xFF;
            assertThat(master.exchange(MasterRequests.sndUd(253, false, 0x52, mask)).isSingleAck()).isTrue();
            // REQ_UD2 broadcast with reply: three RSP_UDs on top of each other
            TestMaster.Reply all = master.exchange(MasterRequests.reqUd2(254, true), Duration.ofMillis(300));
            assertThat(all.frames()).isEmpty();
            assertThat(all.garbageBytes()).isPositive();
        }
    }

    @Test
    void faultsSilentLateBadChecksumStatus() throws Exception {
        SimulatedMeter m = new SimulatedMeter(spec(20, "20202020", MeterKind.GAS, 1), CLOCK);
        SimulatedMeter other = new SimulatedMeter(spec(21, "21212121", MeterKind.GAS, 1), CLOCK);
        try (SimulatorServer server = SimulatorServer.tcp(new SimulatedBus(List.of(m, other), WireTiming.of(38400)), 0, false);
                TestMaster master = TestMaster.tcp(server.port())) {
            m.faults(MeterFaults.NONE.withSilent(true));
            TestMaster.Reply silent = master.exchange(MasterRequests.sndNke(20), Duration.ofMillis(250));
            assertThat(silent.raw()).isEmpty();

            m.faults(MeterFaults.NONE.withLateBy(Duration.ofMillis(700)));
            TestMaster.Reply late = master.exchange(MasterRequests.sndNke(20), Duration.ofMillis(250));
            assertThat(late.raw()).isEmpty();
            // the late answer does not hold up the bus: another meter answers at once
            TestMaster.Reply meanwhile = master.exchange(MasterRequests.sndNke(21), Duration.ofMillis(250));
            assertThat(meanwhile.isSingleAck()).isTrue();
            Thread.sleep(600); // the late E5 (700 ms) arrives after the master gave up; let it pass

            m.faults(MeterFaults.NONE.withBadChecksum(true));
            TestMaster.Reply bad = master.exchange(MasterRequests.reqUd2(20, true), Duration.ofMillis(250));
            assertThat(bad.raw()).hasSizeGreaterThan(20);
            assertThat(bad.frames()).isEmpty();
            assertThatThrownBy(() -> FrameCodec.parse(bad.raw())).isInstanceOf(MbusDecodeException.class)
                    .hasMessageContaining("checksum");

            m.faults(MeterFaults.NONE.withStatusBits(0x14));
            Telegram t = TelegramDecoder.decode(master.exchange(MasterRequests.reqUd2(20, false)).frames().get(0));
            assertThat(t.header().powerLow()).isTrue();
            assertThat(t.header().temporaryError()).isTrue();

            m.faults(MeterFaults.NONE.withCollide(true));
            TestMaster.Reply garbled = master.exchange(MasterRequests.sndNke(20), Duration.ofMillis(200));
            assertThat(garbled.raw()).isNotEmpty();
            assertThat(garbled.frames()).isEmpty();
        }
    }

    @Test
    void answersArriveNoFasterThanTheWireAt2400Baud() throws Exception {
        SimulatedMeter m = new SimulatedMeter(spec(30, "30303030", MeterKind.HEAT, 2), CLOCK);
        WireTiming timing = WireTiming.of(2400);
        try (SimulatorServer server = SimulatorServer.tcp(new SimulatedBus(List.of(m), timing), 0, false);
                TestMaster master = TestMaster.tcp(server.port())) {
            // the request's own 5 characters, the answer delay, then the E5
            byte[] nke = MasterRequests.sndNke(30);
            TestMaster.Reply ack = master.exchange(nke, Duration.ofSeconds(1));
            assertThat(ack.isSingleAck()).isTrue();
            assertThat(ack.nanosToLastByte())
                    .isGreaterThanOrEqualTo(timing.wireTime(nke.length + 1).plus(timing.answerDelay()).toNanos());

            master.exchange(MasterRequests.reqUd2(30, true), Duration.ofSeconds(2)); // telegram 1: current values
            byte[] request = MasterRequests.reqUd2(30, false);
            TestMaster.Reply r = master.exchange(request, Duration.ofSeconds(2)); // telegram 2: history
            assertThat(r.frames()).hasSize(1);
            int answer = r.raw().length;
            assertThat(answer).isGreaterThanOrEqualTo(100);
            assertThat(r.nanosToLastByte()).isGreaterThanOrEqualTo(Math.round(answer * 11e9 / 2400));
            assertThat(r.nanosToLastByte())
                    .isGreaterThanOrEqualTo(timing.wireTime(request.length + answer).plus(timing.answerDelay()).toNanos());
        }
    }

    @Test
    void echoModeSendsTheRequestBackFirst() throws Exception {
        SimulatedMeter m = new SimulatedMeter(spec(40, "40404040", MeterKind.WATER, 1), CLOCK);
        try (SimulatorServer server = SimulatorServer.tcp(new SimulatedBus(List.of(m), WireTiming.of(38400)), 0, true);
                TestMaster raw = TestMaster.tcp(server.port(), false)) {
            byte[] nke = MasterRequests.sndNke(40);
            // a generous quiet gap: the E5 follows the echo after the answer delay, even on a loaded machine
            TestMaster.Reply r = raw.exchange(nke, Duration.ofSeconds(2), Duration.ofMillis(500));
            assertThat(r.frames()).containsExactly(FrameCodec.parse(nke), new Frame.Ack());
        }
    }

    @Test
    void aNewConnectionTakesTheBusOver() throws Exception {
        SimulatedMeter m = new SimulatedMeter(spec(50, "50505050", MeterKind.WATER, 1), CLOCK);
        try (SimulatorServer server = SimulatorServer.tcp(new SimulatedBus(List.of(m), WireTiming.of(38400)), 0, false);
                TestMaster first = TestMaster.tcp(server.port())) {
            assertThat(first.exchange(MasterRequests.sndNke(50)).isSingleAck()).isTrue();
            try (TestMaster second = TestMaster.tcp(server.port())) {
                assertThat(second.exchange(MasterRequests.sndNke(50)).isSingleAck()).isTrue();
                assertThat(first.exchange(MasterRequests.sndNke(50), Duration.ofMillis(150)).raw()).isEmpty();
            }
        }
    }
}
