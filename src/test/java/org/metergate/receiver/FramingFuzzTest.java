package org.metergate.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated byte streams through every framing parser, in random chunks: nothing may be
 * thrown, every delivered frame is a whole frame (L + 1 bytes), and valid messages separated by
 * garbage that holds no start byte all come through.
 */
class FramingFuzzTest {
    private static final byte[] FRAME = ReceiverFramingTest.hex(ReceiverFramingTest.IPERL);

    @Test
    void randomAndMutatedStreams() {
        Random r = new Random(7);
        List<Function<FrameListener, FrameParser>> parsers = List.of(
                l -> Im871a.parser("f", l, ReceiverFramingTest.CLOCK),
                l -> Amb8465.parser("f", l, ReceiverFramingTest.CLOCK, true, false),
                l -> Amb8465.parser("f", l, ReceiverFramingTest.CLOCK, true, true),
                l -> HexLines.parser("f", l, ReceiverFramingTest.CLOCK, null));
        List<byte[]> valid = List.of(Im871a.indication(FRAME, 0x70, true), Im871a.indication(FRAME, null, false),
                Amb8465.dataIndication(FRAME, 0x30), (HexLines.line(FRAME, -70) + "\n").getBytes());
        long delivered = 0;
        for (int run = 0; run < 400; run++) {
            ByteArrayOutputStream s = new ByteArrayOutputStream();
            for (int k = 0; k < 60; k++) {
                byte[] m = valid.get(r.nextInt(valid.size())).clone();
                switch (r.nextInt(4)) {
                    case 0 -> m[r.nextInt(m.length)] = (byte) r.nextInt(256);
                    case 1 -> m = java.util.Arrays.copyOf(m, r.nextInt(m.length));
                    case 2 -> {
                        byte[] g = new byte[r.nextInt(40)];
                        r.nextBytes(g);
                        s.writeBytes(g);
                    }
                    default -> {
                    }
                }
                s.writeBytes(m);
            }
            byte[] stream = s.toByteArray();
            for (Function<FrameListener, FrameParser> make : parsers) {
                Collector c = new Collector();
                FrameParser p = make.apply(c);
                int i = 0;
                while (i < stream.length) {
                    int n = Math.min(stream.length - i, 1 + r.nextInt(300));
                    p.feed(stream, i, n);
                    i += n;
                }
                p.end();
                for (ReceivedFrame f : c.frames) {
                    byte[] b = f.frame();
                    assertThat(b.length).isGreaterThanOrEqualTo(10);
                    if (f.format() == org.metergate.wmbus.FrameFormat.NO_CRC) {
                        assertThat((b[0] & 0xFF) + 1).isEqualTo(b.length);
                    }
                }
                delivered += c.frames.size();
            }
        }
        assertThat(delivered).isGreaterThan(10_000);
    }

    @Test
    void everyValidMessageSurvivesStartFreeGarbage() {
        Random r = new Random(11);
        for (int framing = 0; framing < 2; framing++) {
            ByteArrayOutputStream s = new ByteArrayOutputStream();
            int count = 500;
            for (int k = 0; k < count; k++) {
                for (int g = r.nextInt(20); g > 0; g--) {
                    int b = r.nextInt(256);
                    s.write(b == 0xA5 || b == 0xFF ? 0x00 : b);
                }
                s.writeBytes(framing == 0 ? Im871a.indication(FRAME, r.nextInt(256), r.nextBoolean())
                        : Amb8465.dataIndication(FRAME, r.nextInt(256)));
            }
            Collector c = new Collector();
            FrameParser p = framing == 0 ? Im871a.parser("f", c, ReceiverFramingTest.CLOCK)
                    : Amb8465.parser("f", c, ReceiverFramingTest.CLOCK, true, false);
            p.feed(s.toByteArray());
            p.end();
            assertThat(c.frames).hasSize(count);
        }
    }
}
