package org.metergate.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.sim.SimulatedBus;
import org.metergate.sim.SimulatedFleet;
import org.metergate.sim.SimulatedMeter;
import org.metergate.sim.SimulatorServer;
import org.metergate.sim.WireTiming;
import org.metergate.testing.SocatPair;

/** The master through jSerialComm on one end of a socat pty pair, the simulator on the other. */
class SerialTransportTest {

    @TempDir
    Path dir;

    @Test
    void readsMetersThroughAPseudoTerminalAt2400Baud() throws Exception {
        List<SimulatedMeter> fleet = SimulatedFleet.generate(3, 17, MasterAgainstSimulatorTest.CLOCK);
        try (SocatPair pty = SocatPair.open(dir);
             SimulatorServer sim = SimulatorServer.pty(new SimulatedBus(fleet, WireTiming.of(2400)), pty.b, false)) {
            MbusMaster master = new MbusMaster(new SerialTransport(pty.a.toString(), 2400), BusTiming.fast(2400), Sleeper.REAL);
            MeterReader reader = new MeterReader(master, MasterAgainstSimulatorTest.CLOCK);
            for (SimulatedMeter m : fleet) {
                ReadoutResult r = reader.read(new MeterAddress.Primary(m.primaryAddress()), MultiTelegram.AUTO);
                assertThat(r.status()).as(r.message()).isEqualTo(ReadoutResult.Status.OK);
                assertThat(r.readout().records()).isEqualTo(m.records(MasterAgainstSimulatorTest.CLOCK.instant()));
            }
            master.transport().close();
        }
    }

    @Test
    void missingPortIsAClearError() {
        SerialTransport t = new SerialTransport(dir.resolve("no-such-tty").toString(), 2400);
        assertThatThrownBy(t::open).isInstanceOf(IOException.class).hasMessageContaining("no-such-tty");
    }
}
