package org.metergate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.bus.BusOwner;
import org.metergate.bus.BusTiming;
import org.metergate.bus.MbusMaster;
import org.metergate.bus.SerialTransport;
import org.metergate.bus.Sleeper;
import org.metergate.bus.TcpTransport;
import org.metergate.bus.TimingProfile;
import org.metergate.sim.MeterKind;
import org.metergate.sim.MeterSpec;
import org.metergate.sim.PtyLineSpeed;
import org.metergate.sim.SimulatedBus;
import org.metergate.sim.SimulatedMeter;
import org.metergate.sim.SimulatorServer;
import org.metergate.sim.WireTiming;
import org.metergate.store.Database;
import org.metergate.store.JobTable;
import org.metergate.testing.SocatPair;
import org.metergate.testing.TestDatabases;

/**
 * SPEC A7 "baud rate" of the advanced scan: on a serial bus the scan runs at its own speed and finds the
 * meters of that speed (through socat ptys: a meter understands only requests sent at its own speed), and
 * the port is back at the bus default afterwards; a TCP converter of fixed speed fails that step clearly.
 */
@Timeout(180)
class ScanAtOwnSpeedTest {

    @TempDir
    Path dir;

    private static SimulatedMeter meter(int address, String id) {
        return new SimulatedMeter(new MeterSpec(address, id, "KAM", 1, MeterKind.WATER, 1, address), Clock.systemUTC());
    }

    private static ScanJobs.Scan awaitEnd(ScanJobs.Scan scan) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (!scan.state().finished() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(scan.state().finished()).as(scan.json().toString()).isTrue();
        return scan;
    }

    @Test
    void aSerialBusIsScannedAtTheScansSpeedAndReturnsToItsOwn() throws Exception {
        SimulatedMeter fast = meter(1, "00009601").baud(9600);
        SimulatedMeter slow1 = meter(2, "00002401").baud(2400);
        SimulatedMeter slow2 = meter(3, "00002402").baud(2400);
        TimingProfile profile = (baud, multi) -> {
            BusTiming f = BusTiming.fast(baud);
            return new BusTiming(Math.max(f.responseTimeout(), 600), f.readoutRetries(), f.selectionRetries(),
                    f.waitAfterInit(), f.collisionRecovery(), f.interRequestGap(), Math.max(f.interCharTimeout(), 200));
        };
        try (Database db = TestDatabases.derby(dir.resolve("db"));
             SocatPair pty = SocatPair.open(dir);
             PtyLineSpeed line = new PtyLineSpeed(pty.a, 9600);
             SimulatorServer sim = SimulatorServer.pty(new SimulatedBus(List.of(fast, slow1, slow2), WireTiming.of(9600)),
                     pty.b, false, line);
             BusOwner owner = new BusOwner("serial", new MbusMaster(new SerialTransport(pty.a.toString(), 9600),
                     profile.timing(9600, false), profile, Sleeper.REAL))) {
            ScanJobs jobs = new ScanJobs(new ScanRepository(db), JobTable.Retention.DEFAULT, Clock.systemUTC());

            ScanJobs.Scan at2400 = awaitEnd(jobs.start(Map.of("serial", owner), new ScanPlan(List.of("serial"),
                    List.of(ScanJobs.Kind.PRIMARY), 1, 4, 2400, null, false, false), "test"));
            assertThat(at2400.state()).isEqualTo(JobState.DONE);
            assertThat(at2400.found()).extracting(ScannedMeter::id).containsExactlyInAnyOrder("00002401", "00002402");

            ScanJobs.Scan atDefault = awaitEnd(jobs.start(Map.of("serial", owner), new ScanPlan(List.of("serial"),
                    List.of(ScanJobs.Kind.PRIMARY), 1, 4, null, null, false, false), "test"));
            assertThat(atDefault.found()).extracting(ScannedMeter::id).containsExactly("00009601");
            assertThat(owner.submit("speed", m -> m.transport().baud()).get(30, TimeUnit.SECONDS)).isEqualTo(9600);
        }
    }

    @Test
    void aConverterOfFixedSpeedCannotScanAtAnother() throws Exception {
        SimulatedMeter m = meter(1, "00009601");
        try (Database db = TestDatabases.derby(dir.resolve("db"));
             SimulatorServer sim = SimulatorServer.tcp(new SimulatedBus(List.of(m), WireTiming.of(9600)), 0, false);
             BusOwner owner = new BusOwner("tcp", new TcpTransport("127.0.0.1", sim.port(), 9600, 2000),
                     BusTiming.fast(9600))) {
            ScanJobs jobs = new ScanJobs(new ScanRepository(db), JobTable.Retention.DEFAULT, Clock.systemUTC());
            ScanJobs.Scan scan = awaitEnd(jobs.start(Map.of("tcp", owner), new ScanPlan(List.of("tcp"),
                    List.of(ScanJobs.Kind.PRIMARY), 1, 2, 2400, null, false, false), "test"));
            assertThat(scan.state()).isEqualTo(JobState.FAILED);
            assertThat(scan.json().get("error").toString()).contains("runs at a fixed 9600 baud: cannot scan at 2400 baud");
        }
    }
}
