package org.metergate.app;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.metergate.meters.AddressingMode;
import org.metergate.meters.MeterRegistry;
import org.metergate.meters.MeterSettings;
import org.metergate.sim.SimulatedBus;
import org.metergate.sim.SimulatedFleet;
import org.metergate.sim.SimulatedMeter;
import org.metergate.sim.SimulatorServer;
import org.metergate.sim.WireTiming;

/**
 * The embedded default is a live demo (issue 5): a simulated bus of realistic meters on a loopback
 * port, installed as meters of bus {@value #BUS} on first start, and read by routes/demo-readout.yaml,
 * so a newcomer sees readouts within a minute. Real installations set metergate.demo.enabled=false.
 */
final class DemoBus implements AutoCloseable {

    static final String BUS = "demo";

    private final SimulatorServer server;
    private final List<SimulatedMeter> fleet;

    private DemoBus(SimulatorServer server, List<SimulatedMeter> fleet) {
        this.server = server;
        this.fleet = fleet;
    }

    static DemoBus start(int meters, int baud, long seed) throws IOException {
        List<SimulatedMeter> fleet = SimulatedFleet.generate(meters, seed);
        return new DemoBus(SimulatorServer.tcp(new SimulatedBus(fleet, WireTiming.of(baud)), 0, false), fleet);
    }

    int port() {
        return server.port();
    }

    /** Installs the simulated meters once; later starts keep what the operator changed. */
    int installInto(MeterRegistry registry, int baud) {
        boolean installed = registry.repository().all().stream().anyMatch(m -> m.settings().busId().equals(BUS));
        if (installed) {
            return 0;
        }
        List<MeterSettings> settings = new ArrayList<>();
        for (SimulatedMeter m : fleet) {
            var spec = m.spec();
            String name = String.format(Locale.ROOT, "Demo %s %s", spec.kind().name().toLowerCase(Locale.ROOT), m.id());
            settings.add(new MeterSettings(name, AddressingMode.SECONDARY, null, m.id(), spec.manufacturer(), spec.version(),
                    spec.medium(), null, null, BUS, baud, true, true, MeterSettings.DEFAULT_MAX_TELEGRAMS, null, null, null, null));
        }
        return registry.installScanned(settings, false).installed();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
