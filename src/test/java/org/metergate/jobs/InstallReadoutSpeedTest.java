package org.metergate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.bus.BusOwner;
import org.metergate.bus.BusTiming;
import org.metergate.bus.MbusMaster;
import org.metergate.bus.ReadoutResult;
import org.metergate.bus.RetryPolicy;
import org.metergate.bus.RetryingReadout;
import org.metergate.bus.SerialTransport;
import org.metergate.bus.Sleeper;
import org.metergate.bus.TimingProfile;
import org.metergate.meters.AddressingMode;
import org.metergate.meters.Meter;
import org.metergate.meters.MeterListParser;
import org.metergate.meters.MeterRegistry;
import org.metergate.meters.MeterRepository;
import org.metergate.meters.MeterSettings;
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
 * SPEC A1, C2: an installation readout of meters at 300 and 2400 baud on one serial bus (a socat pty; the
 * simulator reads the speed the master set) reads them grouped by speed and switches the port twice — to
 * 300 and back at the end — not twice per 300-baud meter.
 */
@Timeout(120)
class InstallReadoutSpeedTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static SimulatedMeter meter(int address, String id, MeterKind kind) {
        return new SimulatedMeter(new MeterSpec(address, id, "KAM", 1, kind, 1, address), CLOCK);
    }

    @Test
    void anInstallationJobReadsItsMetersGroupedBySpeedAndSwitchesBackOnce() throws Exception {
        SimulatedMeter slow1 = meter(1, "00000301", MeterKind.GAS).baud(300);
        SimulatedMeter fast1 = meter(2, "00002402", MeterKind.WATER);
        SimulatedMeter slow2 = meter(3, "00000303", MeterKind.GAS).baud(300);
        SimulatedMeter fast2 = meter(4, "00002404", MeterKind.WATER);
        TimingProfile profile = (baud, multi) -> {
            BusTiming f = BusTiming.fast(baud);
            return new BusTiming(Math.max(f.responseTimeout(), 600), f.readoutRetries(), f.selectionRetries(),
                    f.waitAfterInit(), f.collisionRecovery(), f.interRequestGap(), Math.max(f.interCharTimeout(), 200));
        };
        try (Database db = TestDatabases.derby(dir.resolve("db"));
             SocatPair pty = SocatPair.open(dir);
             PtyLineSpeed line = new PtyLineSpeed(pty.a, 2400);
             SimulatorServer sim = SimulatorServer.pty(new SimulatedBus(List.of(slow1, fast1, slow2, fast2),
                     WireTiming.of(2400)), pty.b, false, line);
             BusOwner owner = new BusOwner("default", new MbusMaster(new SerialTransport(pty.a.toString(), 2400),
                     profile.timing(2400, false), profile, Sleeper.REAL))) {
            MeterRepository meterRepo = new MeterRepository(db);
            MeterRegistry registry = new MeterRegistry(meterRepo, new MeterListParser(), 512, CLOCK);
            // the list mixes the speeds: 300, 2400, 300, 2400
            List<Meter> meters = new ArrayList<>();
            for (SimulatedMeter m : List.of(slow1, fast1, slow2, fast2)) {
                meters.add(meterRepo.insert(MeterSettings.of("M" + m.primaryAddress(), AddressingMode.PRIMARY, null,
                        m.primaryAddress(), m.baud() == 0 ? 2400 : m.baud()), CLOCK.instant()));
            }
            List<Long> published = new ArrayList<>();
            BusAccess access = new BusAccess() {
                @Override
                public Optional<BusOwner> owner(String busId) {
                    return busId.equals("default") ? Optional.of(owner) : Optional.empty();
                }

                @Override
                public Optional<Integer> baud(String busId) {
                    return owner(busId).map(BusOwner::defaultBaud);
                }

                @Override
                public void publish(String busId, long meterId, ReadoutResult result, String job, RetryingReadout.Attempt attempt) {
                    published.add(meterId);
                }
            };
            try (InstallReadouts installs = new InstallReadouts(registry, access, () -> RetryPolicy.NONE,
                    new InstallRepository(db), JobTable.Retention.DEFAULT, CLOCK)) {
                InstallReadouts.Job job = installs.start(meters, "test");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(100);
                while (!job.state().finished() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(job.state()).as(job.json().toString()).isEqualTo(JobState.DONE);
                owner.submit("sync", m -> null).get(); // the restore queued behind the job's last readout has run

                assertThat(job.items()).allSatisfy(i -> assertThat(i.result()).as(i.message()).isEqualTo("ok"));
                // the bus default first, then the 300-baud meters, each group in list order
                long a = meters.get(0).id(), b = meters.get(1).id(), c = meters.get(2).id(), d = meters.get(3).id();
                assertThat(published).containsExactly(b, d, a, c);
                assertThat(job.items()).extracting(InstallReadouts.Item::meterId).containsExactly(b, d, a, c);
                // one switch to 300 for both slow meters, one back at the end (one meter per job: 4 before)
                assertThat(owner.counters().baudSwitches()).isEqualTo(2);
                assertThat(line.baud()).isEqualTo(2400);
                // the stored job keeps each meter on its own row: read back from the database, in list order
                assertThat(job.id()).isEqualTo("install-1");
                List<InstallReadouts.Item> stored = new InstallRepository(db).items(1);
                assertThat(stored).extracting(InstallReadouts.Item::meterId).containsExactly(a, b, c, d);
                assertThat(stored).allSatisfy(i -> assertThat(i.result()).isEqualTo("ok"));
            }
        }
    }
}
