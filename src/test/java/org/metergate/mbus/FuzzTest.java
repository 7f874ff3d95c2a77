package org.metergate.mbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.metergate.testing.FuzzWorker;

/**
 * Bounded fuzzing in the normal suite (issue 3): 200k mutated and random inputs with a fixed seed.
 * Properties: the only exception is {@link MbusDecodeException}; no input hangs (a watchdog fails
 * the test when one decode makes no progress for 2 s); one decode allocates at most
 * {@link #BYTES_PER_INPUT_BYTE} bytes per input byte plus {@link #CONSTANT_BYTES}.
 */
class FuzzTest {
    static final int INPUTS = 200_000;
    static final long SEED = 0x13757L;
    static final long BYTES_PER_INPUT_BYTE = 64;
    static final long CONSTANT_BYTES = 4 * 1024;

    static List<byte[]> seeds() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        if (Corpus.present()) {
            seeds.addAll(Corpus.testFrames());
            for (var p : Corpus.hexFiles("error-frames")) {
                seeds.add(Hex.parse(java.nio.file.Files.readString(p)));
            }
        } else {
            seeds.add(ApplicationLayerTest.rsp("0C 13 21 43 65 00 04 6D 0B 0B CD 13 0D FD 0B 02 41 42 1F 00"));
        }
        seeds.add(ApplicationLayerTest.rsp("C4 D3 2A 13 01 00 00 00 02 FC 03 48 52 25 74 D4 11 04 93 FF 85 01 01 00 00 00"));
        return seeds;
    }

    @Test
    void decoderOnlyThrowsItsOwnErrorNeverHangsAndAllocatesBoundedly() throws Exception {
        List<byte[]> seeds = seeds();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        FuzzWorker fuzz = new FuzzWorker();
        AtomicLong done = fuzz.done();
        long[] stats = new long[4]; // decoded, typed errors, worst allocation ratio*1000, worst bytes
        double secs = FuzzWorker.run("fuzz", fuzz, w -> {
            Random rnd = new Random(SEED);
            // warm-up with another seed: class loading and JIT allocate once, not per decode
            Random warm = new Random(~SEED);
            for (int i = 0; i < 20_000; i++) {
                try {
                    TelegramDecoder.decode(Fuzzing.next(warm, seeds));
                } catch (MbusDecodeException e) {
                    // expected
                }
            }
            for (int i = 0; i < INPUTS; i++) {
                byte[] in = Fuzzing.next(rnd, seeds);
                fuzz.current(in);
                long before = mx.getCurrentThreadAllocatedBytes();
                try {
                    Telegram t = TelegramDecoder.decode(in);
                    stats[0] += t.records().size() >= 0 ? 1 : 0;
                } catch (MbusDecodeException e) {
                    stats[1]++;
                }
                long used = mx.getCurrentThreadAllocatedBytes() - before;
                if (used > BYTES_PER_INPUT_BYTE * in.length + CONSTANT_BYTES) {
                    // first use of a code path links call sites (string concatenation,
                    // String.format) once; measure the same input again in steady state
                    before = mx.getCurrentThreadAllocatedBytes();
                    try {
                        TelegramDecoder.decode(in);
                    } catch (MbusDecodeException e) {
                        // expected
                    }
                    used = mx.getCurrentThreadAllocatedBytes() - before;
                }
                if (used > BYTES_PER_INPUT_BYTE * in.length + CONSTANT_BYTES) {
                    throw new AssertionError("decode allocated " + used + " bytes for " + in.length
                            + " input bytes: " + Hex.format(in));
                }
                if (used > stats[3]) {
                    stats[3] = used;
                }
                if (in.length >= 64 && used * 1000 / in.length > stats[2]) {
                    stats[2] = used * 1000 / in.length;
                }
                done.incrementAndGet();
            }
        });
        System.out.printf("fuzz: %d inputs in %.1f s, %d decoded, %d typed errors, max allocation %d bytes, "
                + "max %.1f bytes per input byte (inputs >= 64 bytes)%n",
                done.get(), secs, stats[0], stats[1], stats[3], stats[2] / 1000.0);
        assertThat(done.get()).isEqualTo(INPUTS);
        assertThat(stats[0]).isGreaterThan(INPUTS / 10); // the mutations do reach the record decoder
    }

    @Test
    void streamingReaderSurvivesTheSameInputs() throws Exception {
        List<byte[]> seeds = seeds();
        Random rnd = new Random(SEED + 1);
        FrameReader r = new FrameReader();
        long frames = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] in = Fuzzing.next(rnd, seeds);
            for (Frame f : r.feed(in)) {
                frames++;
                try {
                    TelegramDecoder.decode(f);
                } catch (MbusDecodeException expected) {
                    // typed error is fine
                }
            }
            assertThat(r.pending()).isLessThanOrEqualTo(FrameCodec.MAX_FRAME);
        }
        assertThat(frames).isPositive();
    }
}
