package org.metergate.app;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.metergate.meters.AddressingMode;
import org.metergate.meters.MeterRegistry;
import org.metergate.meters.MeterSettings;
import org.metergate.sim.WirelessFleet;
import org.metergate.sim.WirelessMeterSpec;
import org.metergate.sim.WirelessSinks;
import org.metergate.sim.WirelessTransmitter;
import org.metergate.wmbus.FrameFormat;
import org.metergate.keys.KeyCriteria;
import org.metergate.keys.KeyStore;
import org.metergate.meters.Meter;
import org.metergate.wireless.WirelessMeters;

/**
 * The wireless part of the demo: simulated wireless meters heard by two simulated receivers (TCP hex
 * feeds on loopback, read by routes/demo-wireless.yaml), each meter stronger at one of them, so the
 * strongest-receiver choice and the deduplication show. Keys: every encrypted meter's key goes into
 * the key store, bound to its meter, except one's, whose telegrams log "no key"; one meter (a
 * neighbour's) is heard but not installed, so a listen session finds it.
 */
final class DemoWireless implements AutoCloseable {
    static final String RX1 = "demo-rx1";
    static final String RX2 = "demo-rx2";

    private final List<WirelessMeterSpec> fleet;
    private final WirelessSinks.LineServer rx1;
    private final WirelessSinks.LineServer rx2;
    private final WirelessTransmitter transmitter;
    private final int withoutKey;
    private final int notInstalled;

    private DemoWireless(List<WirelessMeterSpec> fleet, WirelessSinks.LineServer rx1, WirelessSinks.LineServer rx2,
            WirelessTransmitter transmitter) {
        this.fleet = fleet;
        this.rx1 = rx1;
        this.rx2 = rx2;
        this.transmitter = transmitter;
        int noKey = -1;
        for (int i = 0; i < fleet.size(); i++) {
            if (fleet.get(i).securityMode() != 0) {
                noKey = i;
            }
        }
        this.withoutKey = fleet.size() >= 3 ? noKey : -1;
        this.notInstalled = fleet.size() >= 4 ? (noKey == 0 ? 1 : 0) : -1;
    }

    static DemoWireless start(int meters, long seed, Duration interval) throws IOException {
        List<WirelessMeterSpec> fleet = WirelessFleet.generate(meters, seed, interval);
        WirelessSinks.LineServer a = WirelessSinks.lineServer("127.0.0.1", 0);
        WirelessSinks.LineServer b;
        try {
            b = WirelessSinks.lineServer("127.0.0.1", 0);
        } catch (IOException e) {
            a.close();
            throw e;
        }
        // the second receiver is 12 dB weaker for half the meters, 12 dB stronger for the others
        WirelessTransmitter.Sink weakerOrStronger = new WirelessTransmitter.Sink() {
            @Override
            public void send(byte[] frame, FrameFormat format, int rssi) {
                b.send(frame, format, rssi + ((frame[4] & 1) == 0 ? -12 : 12));
            }

            @Override
            public void close() {
                b.close();
            }
        };
        WirelessTransmitter tx = new WirelessTransmitter(WirelessFleet.meters(fleet, Instant.now().minus(Duration.ofDays(90)),
                seed), List.of(a, weakerOrStronger), Clock.systemUTC(), seed);
        tx.start(Duration.ofSeconds(Math.min(10, interval.toSeconds())));
        return new DemoWireless(fleet, a, b, tx);
    }

    int port1() {
        return rx1.port();
    }

    int port2() {
        return rx2.port();
    }

    /**
     * Puts the demo keys into the key store, each bound to its installed meter: every encrypted meter's
     * but the one meant to show "no key". Returns how many were bound.
     */
    int bindKeys(KeyStore keys, List<Meter> installed) {
        int n = 0;
        for (int i = 0; i < fleet.size(); i++) {
            WirelessMeterSpec s = fleet.get(i);
            if (s.securityMode() == 0 || i == withoutKey) {
                continue;
            }
            for (Meter m : installed) {
                if (m.settings().secondaryId().equals(s.id())) {
                    keys.bind(m.id(), new KeyCriteria(s.id(), s.manufacturer(), s.kind().medium(), s.version()), s.key());
                    n++;
                }
            }
        }
        return n;
    }

    /** Installs the demo's wireless meters (all but the neighbour's), unassigned: the first telegram picks the strongest receiver. */
    List<Meter> installInto(MeterRegistry registry) {
        List<MeterSettings> settings = new ArrayList<>();
        for (int i = 0; i < fleet.size(); i++) {
            if (i == notInstalled) {
                continue;
            }
            WirelessMeterSpec s = fleet.get(i);
            String name = String.format(Locale.ROOT, "Demo wireless %s %s%s", s.kind().name().toLowerCase(Locale.ROOT),
                    s.id(), i == withoutKey ? " (no key)" : "");
            settings.add(new MeterSettings(name, AddressingMode.ESECONDARY, null, s.id(), s.manufacturer(), s.version(),
                    s.kind().medium(), null, null, WirelessMeters.UNASSIGNED, MeterSettings.DEFAULT_BAUD, true, true,
                    MeterSettings.DEFAULT_MAX_TELEGRAMS, null, null, null, null));
        }
        return registry.installScanned(settings, false).meters();
    }

    @Override
    public void close() {
        transmitter.close();
    }
}
