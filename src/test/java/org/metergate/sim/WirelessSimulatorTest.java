package org.metergate.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.mbus.DataRecord;
import org.metergate.mbus.MbusValue;
import org.metergate.receiver.Framing;
import org.metergate.receiver.FrameListener;
import org.metergate.receiver.ReceivedFrame;
import org.metergate.receiver.SerialReceiver;
import org.metergate.receiver.LinkMode;
import org.metergate.receiver.HexLines;
import org.metergate.testing.SocatPair;
import org.metergate.wmbus.KeyEntry;
import org.metergate.wmbus.KeyLookup;
import org.metergate.wmbus.WmbusDecoder;
import org.metergate.wmbus.WmbusTelegram;

/** Simulated wireless meters: decodable with their keys, values that grow, over a pty stick and a TCP feed. */
class WirelessSimulatorTest {
    static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    static KeyLookup keysOf(List<WirelessMeterSpec> specs) {
        return meter -> specs.stream().filter(s -> s.meterId().equals(meter) && s.securityMode() != 0).findFirst()
                .map(s -> KeyEntry.boundTo(meter, s.key()));
    }

    static BigDecimal main(WmbusTelegram t) {
        DataRecord r = t.telegram().records().get(1);
        return ((MbusValue.Numeric) r.value()).value();
    }

    @Test
    void telegramsDecodeWithTheirKeysAndValuesGrow() throws Exception {
        List<WirelessMeterSpec> specs = WirelessFleet.generate(12, 3, Duration.ofMinutes(1));
        assertThat(specs).extracting(WirelessMeterSpec::securityMode).contains(0, 5, 7);
        assertThat(specs).extracting(WirelessMeterSpec::format).contains(org.metergate.wmbus.FrameFormat.A,
                org.metergate.wmbus.FrameFormat.B);
        assertThat(WirelessFleet.generate(12, 3, Duration.ofMinutes(1)).get(4).keyHex()).isEqualTo(specs.get(4).keyHex());
        WmbusDecoder decoder = new WmbusDecoder(keysOf(specs));
        for (SimulatedWirelessMeter m : WirelessFleet.meters(specs, EPOCH, 3)) {
            WmbusTelegram a = decoder.decode(m.telegram(EPOCH.plus(Duration.ofDays(30))), m.spec().format(), null);
            WmbusTelegram b = decoder.decode(m.telegram(EPOCH.plus(Duration.ofDays(31))), m.spec().format(), null);
            assertThat(a.meter()).isEqualTo(m.spec().meterId());
            assertThat(a.securityMode()).isEqualTo(m.spec().securityMode());
            assertThat(b.accessNumber()).isEqualTo((a.accessNumber() + 1) & 0xFF);
            assertThat(main(b)).isGreaterThan(main(a));
            assertThat(a.telegram().records().get(0).value().text()).startsWith("2026-01-31");
            if (m.spec().securityMode() != 0) {
                org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new WmbusDecoder().decode(m.telegram(EPOCH), m.spec().format(), null))
                        .hasMessageContaining("no key");
            }
        }
    }

    @Test
    void amb8465StickOnAPty(@TempDir Path dir) throws Exception {
        List<WirelessMeterSpec> specs = WirelessFleet.generate(4, 5, Duration.ofMinutes(1));
        BlockingQueue<ReceivedFrame> got = new LinkedBlockingQueue<>();
        try (SocatPair pty = SocatPair.open(dir);
             WirelessTransmitter tx = new WirelessTransmitter(WirelessFleet.meters(specs, EPOCH, 5),
                     List.of(WirelessSinks.dongle(pty.b, Framing.AMB8465)), Clock.systemUTC(), 5);
             SerialReceiver rx = new SerialReceiver("amb", pty.a.toString(), 0, Framing.AMB8465, LinkMode.T1,
                     Clock.systemUTC())) {
            rx.start(got::add);
            Thread.sleep(300); // let the receiver open the port before the stick talks
            tx.sendAllNow();
            WmbusDecoder decoder = new WmbusDecoder(keysOf(specs));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                ReceivedFrame f = got.poll(20, TimeUnit.SECONDS);
                assertThat(f).isNotNull();
                assertThat(f.rssi()).isBetween(-100, -55);
                ids.add(decoder.decode(f.frame(), f.format(), f.rssi()).meter().id());
            }
            assertThat(ids).containsExactlyInAnyOrderElementsOf(specs.stream().map(WirelessMeterSpec::id).toList());
        }
    }

    @Test
    void tcpLineFeed() throws Exception {
        List<WirelessMeterSpec> specs = WirelessFleet.generate(3, 9, Duration.ofMinutes(1));
        try (WirelessSinks.LineServer server = WirelessSinks.lineServer(null, 0);
             WirelessTransmitter tx = new WirelessTransmitter(WirelessFleet.meters(specs, EPOCH, 9), List.of(server),
                     Clock.systemUTC(), 9);
             Socket s = new Socket("127.0.0.1", server.port())) {
            while (server.clients() == 0) {
                Thread.sleep(10);
            }
            tx.sendAllNow();
            InputStream in = s.getInputStream();
            BlockingQueue<ReceivedFrame> got = new LinkedBlockingQueue<>();
            var parser = HexLines.parser("tcp", (FrameListener) got::add, Clock.systemUTC(), null);
            byte[] buf = new byte[4096];
            while (got.size() < 3) {
                int n = in.read(buf);
                assertThat(n).isPositive();
                parser.feed(buf, 0, n);
            }
            WmbusDecoder decoder = new WmbusDecoder(keysOf(specs));
            for (ReceivedFrame f : got) {
                assertThat(decoder.decode(f.frame(), f.format(), f.rssi()).meter()).isIn(
                        specs.stream().map(WirelessMeterSpec::meterId).toList());
            }
        }
    }
}
