package org.metergate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.bus.BusOwner;
import org.metergate.bus.BusTiming;
import org.metergate.bus.TcpTransport;
import org.metergate.sim.SimulatedBus;
import org.metergate.sim.SimulatedFleet;
import org.metergate.sim.SimulatedMeter;
import org.metergate.sim.SimulatorServer;
import org.metergate.sim.WireTiming;
import org.metergate.store.Database;
import org.metergate.store.JobTable;
import org.metergate.testing.TestDatabases;

/**
 * Scan jobs over several buses on real bus owners (simulator over TCP; a converter nobody listens on):
 * one interface failing does not lose the others, all failing is FAILED, a queued multi-bus scan
 * cancelled never touches a bus.
 */
class ScanJobsTest {

    @TempDir
    Path dir;
    private Database db;
    private SimulatorServer sim;
    private List<SimulatedMeter> fleet;
    private BusOwner live;
    private BusOwner dead;
    private ScanJobs jobs;

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabases.derby(dir);
        List<org.metergate.sim.MeterSpec> specs = SimulatedFleet.specs(3, 9);
        fleet = java.util.stream.IntStream.range(0, specs.size())
                .mapToObj(i -> new SimulatedMeter(specs.get(i).withPrimaryAddress(i + 1), Clock.systemUTC())).toList();
        sim = SimulatorServer.tcp(new SimulatedBus(fleet, WireTiming.of(38400)), 0, false);
        live = new BusOwner("live", new TcpTransport("127.0.0.1", sim.port(), 38400, 2000), BusTiming.fast(38400));
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        dead = new BusOwner("dead", new TcpTransport("127.0.0.1", closed, 38400, 2000), BusTiming.fast(38400));
        jobs = new ScanJobs(new ScanRepository(db), JobTable.Retention.DEFAULT, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() throws Exception {
        live.close();
        dead.close();
        sim.close();
        db.close();
    }

    private ScanJobs.Scan awaitEnd(ScanJobs.Scan scan) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!scan.state().finished() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(scan.state().finished()).as(scan.json().toString()).isTrue();
        return scan;
    }

    @Test
    void aBusThatCannotBeReachedIsNotedAndTheNextBusIsScanned() throws Exception {
        ScanPlan plan = new ScanPlan(List.of("dead", "live"), List.of(ScanJobs.Kind.SECONDARY, ScanJobs.Kind.PRIMARY), 0, 5,
                null, null, false, false);
        ScanJobs.Scan scan = awaitEnd(jobs.start(Map.of("dead", dead, "live", live), plan, "test"));
        assertThat(scan.state()).isEqualTo(JobState.DONE);
        assertThat(scan.found()).extracting(ScannedMeter::id)
                .containsExactlyInAnyOrderElementsOf(fleet.stream().map(SimulatedMeter::id).toList());
        assertThat(scan.found()).allMatch(m -> m.bus().equals("live") && m.address().length() > 3); // secondary won
        @SuppressWarnings("unchecked")
        List<String> conflicts = (List<String>) scan.json().get("conflicts");
        // the dead bus's primary step is skipped, not failed a second time
        assertThat(conflicts).filteredOn(c -> c.contains("bus dead failed")).hasSize(1)
                .allMatch(c -> c.startsWith("secondary scan of bus dead failed: "));
        // each meter of the live bus was found again by its primary scan: noted, kept once
        assertThat(conflicts).filteredOn(c -> c.contains("found again by the primary scan of bus live")).hasSize(fleet.size());
    }

    @Test
    void noBusReachableIsAFailedScan() throws Exception {
        ScanJobs.Scan scan = awaitEnd(jobs.start(Map.of("dead", dead),
                new ScanPlan(List.of("dead"), List.of(ScanJobs.Kind.PRIMARY), 0, 250, null, null, true, true), "test"));
        assertThat(scan.state()).isEqualTo(JobState.FAILED);
        assertThat(scan.json().get("error").toString()).startsWith("primary scan of bus dead failed: ");
        assertThat(scan.found()).isEmpty();
    }

    @Test
    void aQueuedScanCancelledNeverRunsOnAnyBus() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        live.submit("busy", m -> hold.await(30, TimeUnit.SECONDS));
        long probesBefore = live.counters().probes();
        ScanJobs.Scan scan = jobs.start(Map.of("live", live, "dead", dead), new ScanPlan(List.of("live", "dead"),
                List.of(ScanJobs.Kind.SECONDARY), 0, 250, null, 2, true, false), "test");
        assertThat(scan.state()).isEqualTo(JobState.QUEUED);
        scan.cancel();
        hold.countDown();
        awaitEnd(scan);
        assertThat(scan.state()).isEqualTo(JobState.CANCELLED);
        live.submit("after", m -> null).get(30, TimeUnit.SECONDS); // the queue has moved past where the scan was
        assertThat(live.counters().probes()).isEqualTo(probesBefore);
        assertThat(scan.json().get("started")).isNull();
    }
}
