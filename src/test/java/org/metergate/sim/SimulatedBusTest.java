package org.metergate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.metergate.mbus.DataRecord;
import org.metergate.mbus.Frame;
import org.metergate.mbus.FrameCodec;
import org.metergate.mbus.FrameReader;
import org.metergate.mbus.MasterRequests;
import org.metergate.mbus.MbusDecodeException;
import org.metergate.mbus.MbusValue;
import org.metergate.mbus.MeterReadout;
import org.metergate.mbus.SecondaryAddress;
import org.metergate.mbus.Telegram;
import org.metergate.mbus.TelegramDecoder;

/** The bus logic without a transport: frames in, Transmission out. */
class SimulatedBusTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-10T08:15:00Z"), ZoneOffset.UTC);

    static MeterSpec spec(int primary, String id, MeterKind kind, int telegrams) {
        return new MeterSpec(primary, id, kind.manufacturers().get(0), 1, kind, telegrams, id.hashCode());
    }

    static List<Frame> frames(Transmission t) {
        return new FrameReader().feed(t.bytes());
    }

    @Test
    void fleetIsReproducibleUniqueAndMixed() {
        List<MeterSpec> a = SimulatedFleet.specs(250, 42);
        assertThat(a).isEqualTo(SimulatedFleet.specs(250, 42));
        assertThat(a.stream().map(MeterSpec::id).collect(Collectors.toSet())).hasSize(250);
        assertThat(a.stream().map(MeterSpec::primaryAddress).collect(Collectors.toSet())).hasSize(250)
                .allMatch(p -> p >= 1 && p <= 250);
        assertThat(a).anyMatch(s -> s.id().matches(".*[A-E].*")).anyMatch(s -> s.id().matches("[0-9]{8}"));
        assertThat(a.stream().map(MeterSpec::kind).collect(Collectors.toSet())).containsExactlyInAnyOrder(MeterKind.values());
        assertThat(a.stream().map(MeterSpec::manufacturer).collect(Collectors.toSet()).size()).isGreaterThan(5);
        long multi = a.stream().filter(s -> s.telegrams() > 1).count();
        assertThat(multi).isBetween(10L, 45L);
        assertThat(a).noneMatch(s -> s.id().contains("F"));
    }

    @Test
    void everyKindEncodesAndDecodesToItsRecords() throws Exception {
        for (MeterSpec s : SimulatedFleet.specs(60, 7)) {
            SimulatedMeter m = new SimulatedMeter(s, CLOCK);
            SimulatedBus bus = new SimulatedBus(List.of(m), WireTiming.of(2400));
            List<Telegram> ts = new ArrayList<>();
            boolean fcb = true;
            do {
                ts.add(TelegramDecoder.decode(bus.respond(MasterRequests.reqUd2(s.primaryAddress(), fcb)).bytes()));
                fcb = !fcb;
            } while (ts.get(ts.size() - 1).moreRecordsFollow());
            assertThat(ts).hasSize(s.telegrams());
            MeterReadout r = MeterReadout.merge(ts);
            assertThat(r.header().id()).isEqualTo(s.id());
            assertThat(r.header().manufacturer()).isEqualTo(s.manufacturer());
            assertThat(r.header().medium()).isEqualTo(s.medium());
            assertThat(r.records()).isEqualTo(m.records(CLOCK.instant()));
        }
    }

    @Test
    void countersGrowWithTime() {
        for (MeterSpec s : SimulatedFleet.specs(20, 3)) {
            SimulatedMeter m = new SimulatedMeter(s, CLOCK);
            Instant t = CLOCK.instant();
            double prev = m.counter(t);
            for (int h = 1; h <= 24 * 40; h += 7) {
                double next = m.counter(t.plus(Duration.ofHours(h)));
                assertThat(next).isGreaterThan(prev);
                prev = next;
            }
            DataRecord now = m.records(t).get(0);
            DataRecord later = m.records(t.plus(Duration.ofDays(30))).get(0);
            assertThat(((MbusValue.Numeric) later.value()).value())
                    .isGreaterThan(((MbusValue.Numeric) now.value()).value());
        }
    }

    @Test
    void fcbRepeatsTogglesAndResets() throws Exception {
        SimulatedMeter m = new SimulatedMeter(spec(5, "11223344", MeterKind.HEAT, 3), CLOCK);
        SimulatedBus bus = new SimulatedBus(List.of(m), WireTiming.of(9600));
        byte[] t1 = bus.respond(MasterRequests.reqUd2(5, true)).bytes();
        byte[] t1again = bus.respond(MasterRequests.reqUd2(5, true)).bytes();
        assertThat(t1again).isEqualTo(t1);
        Telegram a = TelegramDecoder.decode(t1);
        Telegram b = TelegramDecoder.decode(bus.respond(MasterRequests.reqUd2(5, false)).bytes());
        Telegram c = TelegramDecoder.decode(bus.respond(MasterRequests.reqUd2(5, true)).bytes());
        assertThat(a.moreRecordsFollow()).isTrue();
        assertThat(b.moreRecordsFollow()).isTrue();
        assertThat(c.moreRecordsFollow()).isFalse();
        assertThat(b.header().accessNumber()).isEqualTo((a.header().accessNumber() + 1) & 0xFF);
        assertThat(c.header().accessNumber()).isEqualTo((a.header().accessNumber() + 2) & 0xFF);
        // after the last telegram a toggled FCB starts a new readout
        Telegram d = TelegramDecoder.decode(bus.respond(MasterRequests.reqUd2(5, false)).bytes());
        assertThat(d.moreRecordsFollow()).isTrue();
        assertThat(d.records()).isEqualTo(a.records());
        // SND_NKE resets in the middle of a sequence: the next REQ_UD2 gives telegram 1 whatever its FCB
        assertThat(frames(bus.respond(MasterRequests.sndNke(5)))).containsExactly(new Frame.Ack());
        Telegram e = TelegramDecoder.decode(bus.respond(MasterRequests.reqUd2(5, false)).bytes());
        assertThat(e.records()).isEqualTo(a.records());
    }

    @Test
    void selectionByHexIdWildcardsAndCollision() throws Exception {
        SimulatedMeter m1 = new SimulatedMeter(spec(1, "1234567A", MeterKind.WATER, 1), CLOCK);
        SimulatedMeter m2 = new SimulatedMeter(spec(2, "12345678", MeterKind.WATER, 1), CLOCK);
        SimulatedMeter m3 = new SimulatedMeter(spec(3, "99999999", MeterKind.GAS, 1), CLOCK);
        SimulatedBus bus = new SimulatedBus(List.of(m1, m2, m3), WireTiming.of(2400));
        byte[] selectHex = MasterRequests.sndUd(253, false, 0x52, m1.spec().selectionMask());
        assertThat(frames(bus.respond(selectHex))).containsExactly(new Frame.Ack());
        assertThat(m1.selected()).isTrue();
        assertThat(TelegramDecoder.decode(bus.respond(MasterRequests.reqUd2(253, true)).bytes()).header().id())
                .isEqualTo("1234567A");
        // 1234567F matches both: a collision, no valid acknowledgement
        Transmission t = bus.respond(MasterRequests.selectSecondary(SecondaryAddress.ofId("1234567F")));
        assertThat(t.bytes()).isNotEmpty();
        assertThat(frames(t)).isEmpty();
        // 9FFFFFFF matches one meter; the others deselect
        assertThat(frames(bus.respond(MasterRequests.selectSecondary(SecondaryAddress.ofId("9FFFFFFF")))))
                .containsExactly(new Frame.Ack());
        assertThat(List.of(m1.selected(), m2.selected(), m3.selected())).containsExactly(false, false, true);
        // medium narrows: water only, two meters collide; gas only, one
        assertThat(frames(bus.respond(MasterRequests.selectSecondary(new SecondaryAddress("FFFFFFFF", 0xFFFF, 0xFF, 0x03)))))
                .containsExactly(new Frame.Ack());
        assertThat(frames(bus.respond(MasterRequests.selectSecondary(new SecondaryAddress("FFFFFFFF", 0xFFFF, 0xFF, 0x07)))))
                .isEmpty();
        // broadcast 255: state changes, nobody answers
        assertThat(bus.respond(MasterRequests.sndNke(255)).isEmpty()).isTrue();
    }

    @Test
    void faults() throws Exception {
        SimulatedMeter m = new SimulatedMeter(spec(7, "00000007", MeterKind.ELECTRICITY, 1), CLOCK);
        SimulatedBus bus = new SimulatedBus(List.of(m), WireTiming.of(2400));
        m.faults(MeterFaults.NONE.withSilent(true));
        assertThat(bus.respond(MasterRequests.reqUd2(7, true)).isEmpty()).isTrue();
        m.faults(MeterFaults.NONE.withBadChecksum(true));
        byte[] bad = bus.respond(MasterRequests.reqUd2(7, false)).bytes();
        assertThatThrownBy(() -> FrameCodec.parse(bad)).isInstanceOf(MbusDecodeException.class).hasMessageContaining("checksum");
        assertThat(new FrameReader().feed(bad)).isEmpty();
        m.faults(MeterFaults.NONE.withStatusBits(0x08));
        assertThat(TelegramDecoder.decode(bus.respond(MasterRequests.reqUd2(7, true)).bytes()).header().permanentError()).isTrue();
        m.faults(MeterFaults.NONE.withCollide(true));
        Transmission garbled = bus.respond(MasterRequests.reqUd2(7, false));
        assertThat(frames(garbled)).isEmpty();
        m.faults(MeterFaults.NONE.withLateBy(Duration.ofMillis(1500)));
        Transmission late = bus.respond(MasterRequests.sndNke(7));
        assertThat(late.due()[0]).isGreaterThanOrEqualTo(1_500_000_000L);
    }

    @Test
    void changePrimaryAddressAndApplicationReset() throws Exception {
        SimulatedMeter m = new SimulatedMeter(spec(9, "00000009", MeterKind.HEAT, 2), CLOCK);
        SimulatedBus bus = new SimulatedBus(List.of(m), WireTiming.of(2400));
        assertThat(frames(bus.respond(MasterRequests.changePrimaryAddress(9, 77)))).containsExactly(new Frame.Ack());
        assertThat(m.primaryAddress()).isEqualTo(77);
        assertThat(bus.respond(MasterRequests.reqUd2(9, true)).isEmpty()).isTrue();
        Telegram first = TelegramDecoder.decode(bus.respond(MasterRequests.reqUd2(77, true)).bytes());
        assertThat(first.a()).isEqualTo(77);
        assertThat(first.moreRecordsFollow()).isTrue();
        assertThat(frames(bus.respond(MasterRequests.applicationReset(77, false)))).containsExactly(new Frame.Ack());
        Telegram again = TelegramDecoder.decode(bus.respond(MasterRequests.reqUd2(77, false)).bytes());
        assertThat(again.records()).isEqualTo(first.records());
    }

    @Test
    void answerTimingFollowsTheBaudRate() throws Exception {
        SimulatedMeter m = new SimulatedMeter(spec(3, "00000003", MeterKind.HEAT, 1), CLOCK);
        WireTiming timing = WireTiming.of(2400);
        Transmission t = new SimulatedBus(List.of(m), timing).respond(MasterRequests.reqUd2(3, true));
        long charNanos = timing.charNanos();
        assertThat(t.due()[0]).isEqualTo(timing.answerDelay().toNanos() + charNanos);
        assertThat(t.due()[t.due().length - 1]).isEqualTo(timing.answerDelay().toNanos() + t.bytes().length * charNanos);
        assertThat(timing.answerDelay()).isGreaterThanOrEqualTo(Duration.ofNanos(11 * 1_000_000_000L / 2400));
        assertThat(Set.of(t.bytes().length)).allMatch(n -> n > 60);
    }

    @Test
    void wildcardOverAFullBusCollidesAndNarrowsByHexDigit() throws Exception {
        List<SimulatedMeter> fleet = SimulatedFleet.generate(250, 5, CLOCK);
        SimulatedBus bus = new SimulatedBus(fleet, WireTiming.of(2400));
        Transmission all = bus.respond(MasterRequests.selectSecondary(SecondaryAddress.wildcard()));
        assertThat(frames(all)).isEmpty();
        assertThat(all.bytes()).isNotEmpty();
        // every meter is found by its own first digit + wildcards when it is alone with that prefix
        SimulatedMeter hex = fleet.stream().filter(m -> m.id().matches(".*[A-E].*")).findFirst().orElseThrow();
        byte[] mask = hex.spec().selectionMask();
        mask[0] |= 0x0F; // last digit wildcard: still unique among random 8-digit ids
        mask[4] = mask[5] = mask[6] = mask[7] = (byte) 0xFF;
        long matching = fleet.stream().filter(m -> m.matches(mask)).count();
        assertThat(matching).isEqualTo(1);
        assertThat(frames(bus.respond(MasterRequests.sndUd(253, false, 0x52, mask)))).containsExactly(new Frame.Ack());
        assertThat(hex.selected()).isTrue();
    }
}
