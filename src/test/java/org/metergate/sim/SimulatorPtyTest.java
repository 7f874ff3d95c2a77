package org.metergate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.mbus.MasterRequests;
import org.metergate.mbus.MeterReadout;

/** The simulator on one end of a socat pty pair, the test master on the other. Skipped without socat. */
@Timeout(30) // a blocked read must fail the test, not hang the build
class SimulatorPtyTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-20T06:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    Process socat;
    Path simEnd;
    Path masterEnd;

    static boolean socatAvailable() {
        for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(p, "socat"))) {
                return true;
            }
        }
        return false;
    }

    @BeforeEach
    void startSocat() throws Exception {
        assumeTrue(socatAvailable(), "socat not installed");
        simEnd = dir.resolve("ttySim");
        masterEnd = dir.resolve("ttyMaster");
        socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + simEnd, "pty,raw,echo=0,link=" + masterEnd)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!(Files.exists(simEnd) && Files.exists(masterEnd)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assumeTrue(Files.exists(simEnd) && Files.exists(masterEnd), "socat did not create the pty links");
    }

    @AfterEach
    void stopSocat() throws Exception {
        if (socat != null) {
            socat.destroy();
            socat.waitFor(2, TimeUnit.SECONDS);
        }
    }

    @Test
    void readsMetersOverAPtyPairByPrimaryAndSecondaryAddress() throws Exception {
        List<SimulatedMeter> fleet = SimulatedFleet.generate(4, 22, CLOCK);
        SimulatedBus bus = new SimulatedBus(fleet, WireTiming.of(38400));
        try (SimulatorServer server = SimulatorServer.pty(bus, simEnd, false);
                TestMaster master = TestMaster.pty(masterEnd)) {
            assertThat(server.port()).isEqualTo(-1);
            for (SimulatedMeter m : fleet) {
                MeterReadout p = master.readPrimary(m.primaryAddress());
                assertThat(p.records()).isEqualTo(m.records(CLOCK.instant()));
                MeterReadout s = master.readSecondary(m.spec().selectionMask());
                assertThat(s.header().id()).isEqualTo(m.id());
                assertThat(s.records()).isEqualTo(m.records(CLOCK.instant()));
            }
            assertThat(master.exchange(MasterRequests.sndNke(0), java.time.Duration.ofMillis(100)).raw()).isEmpty();
        }
    }

    @Test
    void echoOverAPty() throws Exception {
        SimulatedMeter m = new SimulatedMeter(new MeterSpec(3, "0000ABCD", "KAM", 1, MeterKind.HEAT, 1, 5), CLOCK);
        try (SimulatorServer server = SimulatorServer.pty(new SimulatedBus(List.of(m), WireTiming.of(2400)), simEnd, true);
                TestMaster master = TestMaster.pty(masterEnd)) {
            // the master drops its echoed request (PRM bit) and reads the meter's answer
            MeterReadout r = master.readPrimary(3);
            assertThat(r.header().id()).isEqualTo("0000ABCD");
            assertThat(r.records()).isEqualTo(m.records(CLOCK.instant()));
        }
    }
}
