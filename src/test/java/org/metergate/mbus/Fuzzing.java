package org.metergate.mbus;

import java.util.List;
import java.util.Random;

/**
 * Input generation shared by the bounded fuzz test and the long-running fuzzer: mutations of real
 * frames (most with length and checksum repaired so they reach the application layer) and random
 * bytes.
 */
final class Fuzzing {
    private Fuzzing() {
    }

    static byte[] next(Random rnd, List<byte[]> seeds) {
        int kind = rnd.nextInt(10);
        if (kind == 0) {
            byte[] b = new byte[rnd.nextInt(300)];
            rnd.nextBytes(b);
            return b;
        }
        if (kind == 1) {
            // random application data in a valid long frame
            byte[] data = new byte[rnd.nextInt(253)];
            rnd.nextBytes(data);
            int[] cis = {0x72, 0x76, 0x7A, 0x73, 0x77, 0x70, 0x78};
            return FrameCodec.encode(new Frame.LongFrame(0x08, rnd.nextInt(256), cis[rnd.nextInt(cis.length)],
                    Bytes.of(data)));
        }
        byte[] seed = seeds.get(rnd.nextInt(seeds.size()));
        byte[] b = mutate(rnd, seed);
        if (kind < 8 && b.length >= 9 && (b[0] & 0xFF) == 0x68) {
            repair(b);
        }
        return b;
    }

    static byte[] mutate(Random rnd, byte[] seed) {
        byte[] b = seed.clone();
        int rounds = 1 + rnd.nextInt(4);
        for (int r = 0; r < rounds; r++) {
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
                        int interesting = new int[] {0x00, 0x0F, 0x1F, 0x2F, 0x7F, 0x80, 0xFF, 0xFD, 0xFB, 0xFC, 0x8D,
                            0xBF, 0xC9, 0xD9, 0xEF, 0xF6, 0xF7}[rnd.nextInt(17)];
                        b[rnd.nextInt(b.length)] = (byte) interesting;
                    }
                }
                case 3 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 1));
                case 4 -> {
                    int at = rnd.nextInt(b.length + 1);
                    byte[] n = new byte[b.length + 1 + rnd.nextInt(8)];
                    System.arraycopy(b, 0, n, 0, at);
                    for (int i = at; i < at + n.length - b.length; i++) {
                        n[i] = (byte) rnd.nextInt(256);
                    }
                    System.arraycopy(b, at, n, at + n.length - b.length, b.length - at);
                    b = n;
                }
                case 5 -> {
                    if (b.length > 1) {
                        int at = rnd.nextInt(b.length);
                        int len = Math.min(b.length - at, 1 + rnd.nextInt(8));
                        byte[] n = new byte[b.length - len];
                        System.arraycopy(b, 0, n, 0, at);
                        System.arraycopy(b, at + len, n, at, b.length - at - len);
                        b = n;
                    }
                }
                default -> {
                    // repeat a slice (long DIFE/VIFE chains, repeated records)
                    if (b.length > 2) {
                        int at = rnd.nextInt(b.length - 1);
                        int len = 1 + rnd.nextInt(Math.min(12, b.length - at));
                        int times = 1 + rnd.nextInt(12);
                        byte[] n = new byte[Math.min(600, b.length + len * times)];
                        int w = 0;
                        for (int i = 0; i < at + len && w < n.length; i++) {
                            n[w++] = b[i];
                        }
                        for (int t = 0; t < times; t++) {
                            for (int i = at; i < at + len && w < n.length; i++) {
                                n[w++] = b[i];
                            }
                        }
                        for (int i = at + len; i < b.length && w < n.length; i++) {
                            n[w++] = b[i];
                        }
                        b = java.util.Arrays.copyOf(n, w);
                    }
                }
            }
        }
        return b;
    }

    /** Makes a mutated long frame pass the link layer: length bytes, checksum, stop byte. */
    static void repair(byte[] b) {
        int l = Math.min(255, b.length - 6);
        if (l < 3) {
            return;
        }
        b[0] = 0x68;
        b[1] = (byte) l;
        b[2] = (byte) l;
        b[3] = 0x68;
        int sum = 0;
        for (int i = 4; i < 4 + l; i++) {
            sum += b[i];
        }
        b[4 + l] = (byte) sum;
        b[5 + l] = 0x16;
    }
}
