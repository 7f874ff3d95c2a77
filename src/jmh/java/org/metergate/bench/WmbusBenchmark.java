package org.metergate.bench;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.metergate.mbus.DataRecord;
import org.metergate.wmbus.Crc16;
import org.metergate.wmbus.FrameFormat;
import org.metergate.wmbus.KeyEntry;
import org.metergate.wmbus.KeyMatcher;
import org.metergate.wmbus.WmbusDecoder;
import org.metergate.wmbus.WmbusException;
import org.metergate.wmbus.WmbusTelegram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Wireless M-Bus: parse + decrypt + decode per telegram (docs/wmbus.md). The mode 5 set is 64
 * telegrams of 62 bytes (72 with format A CRCs) from 16 water meters, each with its own key chosen
 * by a {@link KeyMatcher} of 16 entries, interleaved so every telegram switches key: link layer,
 * short TPL header, 3 AES-CBC blocks, 2F 2F check, 6 records decoded down to value and scale. One
 * operation is one telegram. {@code mode7EllAfl} is the OMS annex N mode 7 example (ELL, AFL with
 * CMAC check, two KDF-A derivations, 2 blocks).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WmbusBenchmark {
    static final int N = 64;
    byte[][] mode5;
    byte[][] mode5FormatA;
    byte[] mode7;
    WmbusDecoder decoder;
    WmbusDecoder decoder7;

    @Setup
    public void build() throws Exception {
        List<KeyEntry> keys = new ArrayList<>();
        mode5 = new byte[N][];
        mode5FormatA = new byte[N][];
        for (int m = 0; m < 16; m++) {
            byte[] key = new byte[16];
            for (int i = 0; i < 16; i++) {
                key[i] = (byte) (m * 31 + i * 7);
            }
            String id = String.format("%08d", 12345600 + m);
            keys.add(new KeyEntry(id, key, "KAM", -1, -1, Optional.empty()));
            for (int k = 0; k < N / 16; k++) {
                int access = 17 * m + k;
                byte[] f = mode5(id, access, key, m * 1000 + k);
                // consecutive telegrams come from different meters, as on the air: every decode switches key
                mode5[k * 16 + m] = f;
                mode5FormatA[k * 16 + m] = formatA(f);
            }
        }
        decoder = new WmbusDecoder(new KeyMatcher(keys));
        // OMS Vol. 2 annex N, security profile B (ELL + AFL + mode 7), CRCs stripped
        mode7 = HexFormat.of().parseHex("434493157856341233038C2075900F002C25B30A000021924D4F2FB66E017A750020071090"
                + "58475F4BC91DF878B80A1B0F98B629024AAC727942BFC549233C0140829B93");
        decoder7 = new WmbusDecoder(new KeyMatcher(List.of(KeyEntry.forAll(
                HexFormat.of().parseHex("000102030405060708090A0B0C0D0E0F")))));
        for (byte[] f : mode5) {
            if (decoder.decode(f, FrameFormat.NO_CRC).telegram().records().size() != 6) {
                throw new IllegalStateException("benchmark telegram does not decode");
            }
        }
    }

    /** A 62-byte SND_NR, CI 7A, mode 5 with 3 encrypted blocks: volume, flows, date, error flags, fillers. */
    static byte[] mode5(String id, int access, byte[] key, int volume) throws Exception {
        String dll = "3D442D2C" + reverse(id) + "1B16";
        String tpl = String.format("7A%02X003005", access & 0xFF);
        String records = "2F2F" + "0413" + le32(volume) + "4413" + le32(volume / 2) + "023B" + "1200"
                + "025A" + "D200" + "046D" + "0B0BCD13" + "02FD17" + "0000";
        while (records.length() < 96) {
            records += "2F";
        }
        byte[] plain = HexFormat.of().parseHex(records);
        byte[] head = HexFormat.of().parseHex(dll + tpl);
        byte[] iv = new byte[16];
        System.arraycopy(head, 2, iv, 0, 8);
        java.util.Arrays.fill(iv, 8, 16, (byte) access);
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        byte[] enc = c.doFinal(plain);
        byte[] f = new byte[head.length + enc.length];
        System.arraycopy(head, 0, f, 0, head.length);
        System.arraycopy(enc, 0, f, head.length, enc.length);
        f[0] = (byte) (f.length - 1);
        return f;
    }

    static byte[] formatA(byte[] f) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < f.length;) {
            int len = i == 0 ? 10 : Math.min(16, f.length - i);
            out.write(f, i, len);
            int crc = Crc16.of(f, i, i + len);
            out.write(crc >> 8);
            out.write(crc);
            i += len;
        }
        return out.toByteArray();
    }

    static String reverse(String digits) {
        StringBuilder sb = new StringBuilder();
        for (int i = digits.length() - 2; i >= 0; i -= 2) {
            sb.append(digits, i, i + 2);
        }
        return sb.toString();
    }

    static String le32(int v) {
        return String.format("%02X%02X%02X%02X", v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, (v >>> 24) & 0xFF);
    }

    static void consume(WmbusTelegram t, Blackhole bh) {
        for (DataRecord r : t.telegram().records()) {
            if (r.isExactLong()) {
                bh.consume(r.unscaledValue());
                bh.consume(r.scale());
            } else {
                bh.consume(r.value());
            }
            bh.consume(r.unit());
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void mode5NoCrc(Blackhole bh) throws WmbusException {
        for (byte[] f : mode5) {
            consume(decoder.decode(f, FrameFormat.NO_CRC), bh);
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void mode5FormatA(Blackhole bh) throws WmbusException {
        for (byte[] f : mode5FormatA) {
            consume(decoder.decode(f, FrameFormat.A), bh);
        }
    }

    @Benchmark
    public void mode7EllAfl(Blackhole bh) throws WmbusException {
        consume(decoder7.decode(mode7, FrameFormat.NO_CRC), bh);
    }
}
