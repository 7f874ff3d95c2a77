package org.metergate.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.metergate.receiver.Amb8465;
import org.metergate.receiver.Deduplicator;
import org.metergate.receiver.FrameListener;
import org.metergate.receiver.FrameParser;
import org.metergate.receiver.HexLines;
import org.metergate.receiver.Im871a;
import org.metergate.receiver.ReceivedFrame;
import org.metergate.sim.SimulatedWirelessMeter;
import org.metergate.sim.WirelessFleet;
import org.metergate.sim.WirelessMeterSpec;
import org.metergate.wmbus.FrameFormat;
import org.metergate.wmbus.KeyEntry;
import org.metergate.wmbus.KeyMatcher;
import org.metergate.wmbus.WmbusDecoder;
import org.metergate.wmbus.WmbusException;
import org.metergate.wmbus.WmbusFrames;
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
 * Receivers (docs/wmbus.md): one operation is one telegram of 64 simulated meters (modes 5/7/none).
 * {@code im871aParse}/{@code amb8465Parse}/{@code hexLineParse}: the streaming parser over a stream of
 * the 64 messages fed in 512-byte chunks; {@code im871aParseDedupDecode}: parse, deduplicate (1 s
 * window, flushed per stream), decode with the meters' keys: the whole receive path but Camel.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReceiverBenchmark {
    static final int N = 64;
    byte[] im871a;
    byte[] amb8465;
    byte[] hex;
    WmbusDecoder decoder;
    /** 1 h window: only the explicit flush delivers, so the timer thread never competes. */
    Deduplicator dedup = new Deduplicator(Duration.ofHours(1), Clock.systemUTC());

    @Setup
    public void build() {
        List<WirelessMeterSpec> specs = WirelessFleet.generate(N, 1, Duration.ofSeconds(30));
        List<KeyEntry> keys = new ArrayList<>();
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        StringBuilder h = new StringBuilder();
        java.time.Instant now = java.time.Instant.parse("2026-06-01T00:00:00Z");
        for (SimulatedWirelessMeter m : WirelessFleet.meters(specs, now.minus(Duration.ofDays(30)), 1)) {
            if (m.spec().securityMode() != 0) {
                keys.add(KeyEntry.boundTo(m.spec().meterId(), m.spec().key()));
            }
            byte[] frame = m.telegram(now);
            byte[] stripped = WmbusFrames.canonical(frame, m.spec().format());
            a.writeBytes(Im871a.indication(stripped, 0x90, true));
            b.writeBytes(Amb8465.dataIndication(stripped, 0x20));
            h.append(HexLines.line(frame, -70)).append('\n');
        }
        im871a = a.toByteArray();
        amb8465 = b.toByteArray();
        hex = h.toString().getBytes(StandardCharsets.US_ASCII);
        decoder = new WmbusDecoder(new KeyMatcher(keys));
    }

    private static void feed(FrameParser p, byte[] stream) {
        for (int i = 0; i < stream.length; i += 512) {
            p.feed(stream, i, Math.min(512, stream.length - i));
        }
        p.end();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void im871aParse(Blackhole bh) {
        feed(Im871a.parser("rx", bh::consume, Clock.systemUTC()), im871a);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void amb8465Parse(Blackhole bh) {
        feed(Amb8465.parser("rx", bh::consume, Clock.systemUTC(), true, false), amb8465);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void hexLineParse(Blackhole bh) {
        feed(HexLines.parser("rx", bh::consume, Clock.systemUTC(), FrameFormat.AUTO), hex);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void im871aParseDedupDecode(Blackhole bh) {
        FrameListener l = (ReceivedFrame f) -> dedup.offer(f, heard -> {
            try {
                bh.consume(decoder.decode(heard.frame().frame(), heard.frame().format(), heard.frame().rssi()));
            } catch (WmbusException e) {
                bh.consume(e);
            }
        });
        feed(Im871a.parser("rx", l, Clock.systemUTC()), im871a);
        dedup.flushDue(java.time.Instant.MAX); // every telegram decoded once, here
    }

    @org.openjdk.jmh.annotations.TearDown
    public void close() {
        dedup.close();
    }
}
