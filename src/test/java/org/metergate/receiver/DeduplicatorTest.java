package org.metergate.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.metergate.wmbus.FrameFormat;
import org.metergate.wmbus.WmbusFrames;

/** The deduplication window on a fixed clock: flushes are driven by the test, not by time. */
class DeduplicatorTest {
    static final Instant T0 = ReceiverFramingTest.CLOCK.instant();
    static final byte[] FRAME = ReceiverFramingTest.hex(ReceiverFramingTest.IPERL);

    static ReceivedFrame frame(String rx, byte[] bytes, FrameFormat f, Integer rssi) {
        return new ReceivedFrame(rx, bytes, f, rssi, T0);
    }

    @Test
    void strongestReceptionWinsAndAllAreListed() {
        List<String> viaCallback = new ArrayList<>();
        List<Deduplicator.Heard> out = new ArrayList<>();
        try (Deduplicator d = new Deduplicator(Duration.ofSeconds(2), ReceiverFramingTest.CLOCK)) {
            d.offer(frame("rx1", WmbusFrames.formatA(FRAME), FrameFormat.A, -90), h -> {
                viaCallback.add("rx1");
                out.add(h);
            });
            d.offer(frame("rx2", FRAME, FrameFormat.NO_CRC, -60), h -> {
                viaCallback.add("rx2");
                out.add(h);
            });
            d.offer(frame("rx3", WmbusFrames.formatB(FRAME), FrameFormat.AUTO, null), h -> {
                viaCallback.add("rx3");
                out.add(h);
            });
            d.offer(frame("rx1", FRAME, FrameFormat.NO_CRC, -80), h -> out.add(h)); // rx1 again, stronger
            assertThat(d.pendingCount()).isEqualTo(1);
            d.flushDue(T0.plusMillis(1999));
            assertThat(out).isEmpty();
            d.flushDue(T0.plusSeconds(2));
            assertThat(out).hasSize(1);
            assertThat(viaCallback).containsExactly("rx2");
            assertThat(out.get(0).frame().receiverId()).isEqualTo("rx2");
            assertThat(out.get(0).receptions()).containsExactly(new Reception("rx2", -60), new Reception("rx1", -80),
                    new Reception("rx3", null));
            assertThat(out.get(0).alternatives()).hasSize(2);
        }
    }

    @Test
    void differentTelegramsAndZeroWindow() {
        List<Deduplicator.Heard> out = new ArrayList<>();
        byte[] other = FRAME.clone();
        other[11] = 0x56; // another access number
        try (Deduplicator d = new Deduplicator(Duration.ofSeconds(1), ReceiverFramingTest.CLOCK)) {
            d.offer(frame("rx1", FRAME, FrameFormat.NO_CRC, -70), out::add);
            d.offer(frame("rx1", other, FrameFormat.NO_CRC, -70), out::add);
            d.offer(frame("rx1", new byte[] {1, 2, 3}, FrameFormat.NO_CRC, -70), out::add); // no frame: at once
            assertThat(out).hasSize(1);
            d.flushDue(T0.plusSeconds(1));
            assertThat(out).hasSize(3);
        }
        List<Deduplicator.Heard> now = new ArrayList<>();
        try (Deduplicator d = new Deduplicator(Duration.ZERO, ReceiverFramingTest.CLOCK)) {
            d.offer(frame("rx1", FRAME, FrameFormat.NO_CRC, -70), now::add);
            d.offer(frame("rx2", FRAME, FrameFormat.NO_CRC, -50), now::add);
            assertThat(now).hasSize(2);
        }
    }

    @Test
    void boundedPending() {
        List<Deduplicator.Heard> out = new ArrayList<>();
        try (Deduplicator d = new Deduplicator(Duration.ofHours(1), ReceiverFramingTest.CLOCK)) {
            for (int i = 0; i < Deduplicator.MAX_PENDING + 5; i++) {
                byte[] f = FRAME.clone();
                f[20] = (byte) i;
                f[21] = (byte) (i >> 8);
                d.offer(frame("rx1", f, FrameFormat.NO_CRC, -70), out::add);
            }
            assertThat(d.pendingCount()).isEqualTo(Deduplicator.MAX_PENDING);
            assertThat(out).hasSize(5);
        }
        assertThat(out).hasSize(Deduplicator.MAX_PENDING + 5); // close delivers what waits
    }
}
