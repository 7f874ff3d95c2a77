package org.metergate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.metergate.mbus.DataRecord;
import org.metergate.mbus.Hex;
import org.metergate.mbus.MbusDecodeException;
import org.metergate.mbus.Telegram;
import org.metergate.mbus.TelegramDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openmuc.jmbus.MBusMessage;
import org.openmuc.jmbus.VariableDataStructure;

/**
 * One operation decodes a set of libmbus corpus frames: frame parse, header, every record down to
 * its value, unit and scale. {@code all76} are the 76 test frames (jMBus rejects 7 of them with
 * an exception, which is part of its cost); {@code common69} are the 69 frames both decode.
 * Each side hands the blackhole what its decoder produced (value, unit, scale/exponent), without
 * asking for extra conversions.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecodeBenchmark {
    byte[][] all76;
    byte[][] common69;

    @Setup
    public void load() throws IOException, MbusDecodeException {
        Path dir = Path.of(System.getProperty("metergate.shared", "../shared"), "corpus", "libmbus", "test-frames");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".hex")).sorted().toList();
        }
        List<byte[]> all = new ArrayList<>();
        List<byte[]> common = new ArrayList<>();
        for (Path p : files) {
            byte[] b = Hex.parse(Files.readString(p));
            all.add(b);
            if (jmbus(b, null)) {
                common.add(b);
            }
        }
        if (all.size() != 76) {
            throw new IllegalStateException("expected 76 corpus frames in " + dir + ", found " + all.size());
        }
        all76 = all.toArray(new byte[0][]);
        common69 = common.toArray(new byte[0][]);
    }

    @Benchmark
    public void metergateAll76(Blackhole bh) {
        for (byte[] f : all76) {
            metergate(f, bh);
        }
    }

    @Benchmark
    public void jmbusAll76(Blackhole bh) {
        for (byte[] f : all76) {
            jmbus(f, bh);
        }
    }

    @Benchmark
    public void metergateCommon69(Blackhole bh) {
        for (byte[] f : common69) {
            metergate(f, bh);
        }
    }

    @Benchmark
    public void jmbusCommon69(Blackhole bh) {
        for (byte[] f : common69) {
            jmbus(f, bh);
        }
    }

    static void metergate(byte[] frame, Blackhole bh) {
        try {
            Telegram t = TelegramDecoder.decode(frame);
            for (DataRecord r : t.records()) {
                consume(r, bh);
            }
            if (bh != null) {
                bh.consume(t.header());
            }
        } catch (MbusDecodeException e) {
            if (bh != null) {
                bh.consume(e);
            }
        }
    }

    /**
     * Numbers are handed over as the exact unscaled long and decimal scale the decoder produced
     * (the issue allows "BigDecimal or exact long+scale"); floats, dates, text and binary data as
     * their value objects. {@link #metergateAll76Objects} measures BigDecimal values for all.
     */
    static void consume(DataRecord r, Blackhole bh) {
        if (bh == null) {
            return;
        }
        if (r.isExactLong()) {
            bh.consume(r.unscaledValue());
            bh.consume(r.scale());
        } else {
            bh.consume(r.value());
        }
        bh.consume(r.unit());
    }

    /** As {@link #metergateAll76} but materialising every value as an object (BigDecimal etc.). */
    @Benchmark
    public void metergateAll76Objects(Blackhole bh) {
        for (byte[] f : all76) {
            try {
                Telegram t = TelegramDecoder.decode(f);
                for (DataRecord r : t.records()) {
                    bh.consume(r.value());
                    bh.consume(r.unit());
                }
                bh.consume(t.header());
            } catch (MbusDecodeException e) {
                bh.consume(e);
            }
        }
    }

    static boolean jmbus(byte[] frame, Blackhole bh) {
        try {
            MBusMessage m = MBusMessage.decode(frame, frame.length);
            VariableDataStructure v = m.getVariableDataResponse();
            v.decode();
            for (org.openmuc.jmbus.DataRecord r : v.getDataRecords()) {
                if (bh != null) {
                    bh.consume(r.getDataValue());
                    bh.consume(r.getMultiplierExponent());
                    bh.consume(r.getUnit());
                }
            }
            if (bh != null) {
                bh.consume(v.getSecondaryAddress());
            }
            return true;
        } catch (Exception e) {
            if (bh != null) {
                bh.consume(e);
            }
            return false;
        }
    }
}
