package org.metergate.wmbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metergate.wmbus.CryptoTest.hex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.metergate.testing.FuzzWorker;

/**
 * Bounded fuzzing in the normal suite: 100k mutated frames with a fixed seed, through every format
 * and with keys, so mutations reach ELL, AFL, decryption, compact frames and the application layer.
 * Properties: the only exception is {@link WmbusException}; no input hangs (a watchdog fails the
 * test when one decode makes no progress for 2 s).
 */
class FuzzTest {
    static final int INPUTS = 100_000;
    static final long SEED = 0x4D627573L;

    static List<byte[]> seeds() {
        List<byte[]> s = new ArrayList<>();
        for (String f : List.of(VectorsTest.OMS_A_NO_CRC, VectorsTest.OMS_B_NO_CRC, VectorsTest.KAMSTRUP_ELL,
                VectorsTest.KAMSTRUP_FULL, VectorsTest.KAMSTRUP_COMPACT, VectorsTest.FHKV)) {
            s.add(hex(f));
        }
        s.add(Frames.plain(LinkLayerTest.records(5)));
        s.add(Frames.plain("0C 13 21 43 65 00 04 6D 0B 0B CD 13 0D FD 0B 02 41 42 02 FD 17 00 00 1F 01 02"));
        s.add(Frames.plain("2F 2F 8D 04 EE 1F 1E 72 FE 00 00 00 00 C4 01 6D 3B 17 7F 2A 0F 01 02 03"));
        s.add(hex("12 44 9315 78563412 01 07 90 02 0000 7A 2A 00 0000"));
        s.add(hex("16 44 9315 78563412 01 07 8B 11111111 9315 02 06 2B 00 0000"));
        return s;
    }

    /** Frames as received: the seeds with CRCs in format A or B, and their stripped forms. */
    static List<byte[]> received(List<byte[]> stripped) {
        List<byte[]> r = new ArrayList<>(stripped);
        r.add(hex(VectorsTest.OMS_A_WITH_CRC));
        r.add(hex(VectorsTest.OMS_B_WITH_CRC));
        r.add(hex(VectorsTest.OMS_B_ADAPTER));
        r.add(hex(VectorsTest.OMS_PARTIAL));
        r.add(hex(VectorsTest.OMS_FORMAT_B));
        return r;
    }

    static byte[] mutate(Random rnd, byte[] seed) {
        byte[] b = seed.clone();
        int rounds = 1 + rnd.nextInt(4);
        for (int i = 0; i < rounds; i++) {
            switch (rnd.nextInt(7)) {
                case 0 -> {
                    if (b.length > 0) {
                        b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                    }
                }
                case 1 -> {
                    if (b.length > 0) {
                        b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                    }
                }
                case 2 -> {
                    if (b.length > 0) {
                        int[] interesting = {0x00, 0x2F, 0x72, 0x78, 0x79, 0x7A, 0x8A, 0x8C, 0x8D, 0x8F, 0x90, 0x0F, 0xFF,
                            0x05, 0x07, 0x20, 0x25};
                        b[rnd.nextInt(b.length)] = (byte) interesting[rnd.nextInt(interesting.length)];
                    }
                }
                case 3 -> b = Arrays.copyOf(b, rnd.nextInt(b.length + 1));
                case 4 -> {
                    int at = rnd.nextInt(b.length + 1);
                    byte[] c = new byte[b.length + 1 + rnd.nextInt(4)];
                    System.arraycopy(b, 0, c, 0, at);
                    for (int k = at; k < at + c.length - b.length; k++) {
                        c[k] = (byte) rnd.nextInt(256);
                    }
                    System.arraycopy(b, at, c, at + c.length - b.length, b.length - at);
                    b = c;
                }
                case 5 -> {
                    if (b.length > 1) {
                        int at = rnd.nextInt(b.length);
                        int len = 1 + rnd.nextInt(Math.min(8, b.length - at));
                        byte[] c = new byte[b.length - len];
                        System.arraycopy(b, 0, c, 0, at);
                        System.arraycopy(b, at + len, c, at, b.length - at - len);
                        b = c;
                    }
                }
                default -> {
                    byte[] c = new byte[1 + rnd.nextInt(260)];
                    rnd.nextBytes(c);
                    if (rnd.nextBoolean() && c.length > 11) {
                        System.arraycopy(b, 0, c, 0, Math.min(11, b.length));
                    }
                    b = c;
                }
            }
        }
        return b;
    }

    /** Mutates a stripped seed, repairs L and usually adds valid CRCs, so the mutation passes the link layer. */
    static Object[] next(Random rnd, List<byte[]> stripped, List<byte[]> received) {
        int kind = rnd.nextInt(10);
        if (kind < 7) {
            byte[] b = mutate(rnd, stripped.get(rnd.nextInt(stripped.size())));
            if (b.length >= 2 && b.length <= 256) {
                b[0] = (byte) (b.length - 1);
                if (kind < 3 && b.length >= 10) {
                    return new Object[] {WmbusFrames.formatA(b), FrameFormat.A};
                }
                if (kind < 5 && b.length >= 13 && b.length <= 250) {
                    return new Object[] {WmbusFrames.formatB(b), FrameFormat.B};
                }
            }
            return new Object[] {b, FrameFormat.values()[rnd.nextInt(FrameFormat.values().length)]};
        }
        byte[] b = mutate(rnd, received.get(rnd.nextInt(received.size())));
        return new Object[] {b, FrameFormat.values()[rnd.nextInt(FrameFormat.values().length)]};
    }

    @Test
    void decoderOnlyThrowsItsOwnErrorAndNeverHangs() throws Exception {
        List<byte[]> stripped = seeds();
        List<byte[]> received = received(stripped);
        KeyEntry kam = KeyEntry.forAll(VectorsTest.KAMSTRUP_KEY);
        WmbusDecoder[] decoders = {
            new WmbusDecoder(new KeyMatcher(List.of(KeyEntry.forAll(VectorsTest.OMS_KEY_A),
                    new KeyEntry(null, VectorsTest.FHKV_KEY, "TCH", -1, -1, Optional.empty()),
                    new KeyEntry(null, VectorsTest.KAMSTRUP_KEY, "KAM", -1, -1, Optional.empty())))),
            new WmbusDecoder(KeyLookup.single(VectorsTest.OMS_KEY_B)),
            new WmbusDecoder(KeyLookup.single(kam.key()), new CompactFrameCache(8))};
        for (WmbusDecoder d : decoders) {
            d.decode(hex(VectorsTest.KAMSTRUP_FULL), FrameFormat.NO_CRC); // compact frames find their format
        }
        FuzzWorker fuzz = new FuzzWorker();
        AtomicLong done = fuzz.done();
        long[] stats = new long[WmbusException.Reason.values().length + 1];
        double secs = FuzzWorker.run("wmbus-fuzz", fuzz, w -> {
            Random rnd = new Random(SEED);
            for (int i = 0; i < INPUTS; i++) {
                Object[] in = next(rnd, stripped, received);
                fuzz.current((byte[]) in[0]);
                try {
                    decoders[rnd.nextInt(decoders.length)].decode((byte[]) in[0], (FrameFormat) in[1]);
                    stats[stats.length - 1]++;
                } catch (WmbusException e) {
                    stats[e.reason().ordinal()]++;
                    if (e.offset() < -1 || e.offset() > ((byte[]) in[0]).length) {
                        throw new AssertionError("offset " + e.offset() + " outside the input: " + e.getMessage());
                    }
                }
                done.incrementAndGet();
            }
        });
        StringBuilder sb = new StringBuilder();
        for (WmbusException.Reason r : WmbusException.Reason.values()) {
            sb.append(' ').append(r).append('=').append(stats[r.ordinal()]);
        }
        System.out.printf("wmbus fuzz: %d inputs in %.1f s, %d decoded;%s%n", done.get(),
                secs, stats[stats.length - 1], sb);
        assertThat(done.get()).isEqualTo(INPUTS);
        assertThat(stats[stats.length - 1]).isGreaterThan(INPUTS / 20); // mutations do reach the application layer
        assertThat(stats[WmbusException.Reason.APPLICATION.ordinal()]).isPositive();
        assertThat(stats[WmbusException.Reason.DECRYPTION_FAILED.ordinal()]).isPositive();
        assertThat(stats[WmbusException.Reason.CRC.ordinal()]).isPositive();
    }
}
