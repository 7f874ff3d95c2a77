package org.metergate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metergate.meters.AddressingMode;
import org.metergate.meters.Meter;
import org.metergate.meters.MeterListParser;
import org.metergate.meters.MeterRegistry;
import org.metergate.meters.MeterRepository;
import org.metergate.meters.MeterSettings;
import org.metergate.store.Database;
import org.metergate.store.JobTable;
import org.metergate.testing.MutableClock;
import org.metergate.wireless.ListenRepository;
import org.metergate.wireless.ListenSession;
import org.metergate.wireless.ListenSessions;

/**
 * The job history (V10__jobs.sql) on each engine (Derby and PostgreSQL subclasses): scans, installation
 * readouts and listen sessions round-trip with what they found; what a previous run left queued or
 * running is INTERRUPTED at the next start with its findings kept; the retention rule.
 */
abstract class JobHistoryContract {

    protected Database db;
    protected final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00.123Z"));
    private ScanRepository scans;

    protected abstract Database open() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        db = open();
        scans = new ScanRepository(db);
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    private ScanRepository.Stored scan(long id, JobState state, Instant created) {
        return new ScanRepository.Stored(id, "bus-1", ScanJobs.Kind.SECONDARY, null, null, true, state, "admin", created,
                null, null, 0, 0, 0, null, null, null, null);
    }

    private static final ScannedMeter WATER = new ScannedMeter("12345678.2C2D.07.07", true, "12345678", "KAM", 7, 7,
            "Water", 0);
    private static final ScannedMeter MUTE = new ScannedMeter("17", false, null, null, null, null, null, null);

    @Test
    void aScanRoundTripsWithItsMetersAndConflicts() {
        scans.create(new ScanRepository.Stored(1, "bus-1", ScanJobs.Kind.PRIMARY, 3, 40, false, JobState.QUEUED, "admin",
                clock.instant(), null, null, 0, 0, 0, null, null, null, null));
        Instant started = clock.instant().plusSeconds(2);
        scans.started(1, started);
        scans.found(1, 0, WATER, started.plusSeconds(1));
        scans.found(1, 1, MUTE, started.plusSeconds(3));
        scans.progress(1, 12, 2, 0.25, "17");
        assertThat(scans.find(1).orElseThrow().state()).isEqualTo(JobState.RUNNING);
        assertThat(scans.find(1).orElseThrow().probes()).isEqualTo(12);
        scans.finish(1, JobState.DONE, started.plusSeconds(9), 38, 2, 1.0, 9000L, null,
                List.of("primary address 9: garbled answer", "primary address 11: garbled answer"));
        scans.installedAs(1, "install-4");

        ScanRepository.Stored s = scans.find(1).orElseThrow();
        assertThat(s).isEqualTo(new ScanRepository.Stored(1, "bus-1", ScanJobs.Kind.PRIMARY, 3, 40, false, JobState.DONE,
                "admin", clock.instant(), started, started.plusSeconds(9), 38, 2, 1.0, "17", 9000L, null, "install-4"));
        assertThat(scans.foundMeters(1)).containsExactly(WATER, MUTE);
        assertThat(scans.conflicts(1)).containsExactly("primary address 9: garbled answer",
                "primary address 11: garbled answer");
        assertThat(scans.find(2)).isEmpty();
    }

    @Test
    void anAdvancedScanRoundTripsItsPlanAndTheBusOfEachMeter() {
        ScanPlan plan = new ScanPlan(List.of("bus-1", "bus-2"), List.of(ScanJobs.Kind.SECONDARY, ScanJobs.Kind.PRIMARY), 1, 40,
                9600, 12, true, true);
        scans.create(new ScanRepository.Stored(7, "bus-1", ScanJobs.Kind.SECONDARY, 1, 40, true, JobState.QUEUED, "admin",
                clock.instant(), null, null, 0, 0, 0, null, null, null, null, plan));
        // the same primary address on two buses is two meters
        ScannedMeter one = new ScannedMeter("17", true, "12345678", "KAM", 7, 7, "Water", 0, "bus-1");
        ScannedMeter two = new ScannedMeter("17", true, "87654321", "ELV", 1, 4, "Heat (outlet)", 0, "bus-2");
        scans.found(7, 0, one, clock.instant());
        scans.found(7, 1, two, clock.instant());
        ScanRepository.Stored s = scans.find(7).orElseThrow();
        assertThat(s.plan()).isEqualTo(plan);
        assertThat(s.effectivePlan()).isEqualTo(plan);
        assertThat(scans.foundMeters(7)).containsExactly(one, two);

        // a simple scan keeps no plan of its own: its columns say it
        scans.create(scan(8, JobState.QUEUED, clock.instant()));
        assertThat(scans.find(8).orElseThrow().plan()).isNull();
        assertThat(scans.find(8).orElseThrow().effectivePlan())
                .isEqualTo(ScanPlan.simple("bus-1", ScanJobs.Kind.SECONDARY, 0, 250, true));

        // what a restart reads back installs each meter on its own bus
        ScanJobs jobs = new ScanJobs(scans, JobTable.Retention.DEFAULT, clock);
        List<MeterSettings> install = ScanJobs.toInstall(jobs.find("scan-7").orElseThrow(), bus -> bus.equals("bus-1") ? 300 : 9600);
        assertThat(install).extracting(MeterSettings::busId).containsExactly("bus-1", "bus-2");
        assertThat(install).extracting(MeterSettings::baud).containsExactly(300, 9600);
        assertThat(install).extracting(MeterSettings::primaryAddress).containsExactly(17, 17);
    }

    @Test
    void aScanLeftRunningIsInterruptedAtTheNextStartAndItsMetersInstall() {
        scans.create(scan(1, JobState.QUEUED, clock.instant()));
        scans.started(1, clock.instant());
        scans.found(1, 0, WATER, clock.instant());
        scans.create(scan(2, JobState.QUEUED, clock.instant()));
        // the "crash": nothing ended them. The next start:
        clock.advance(Duration.ofMinutes(40));
        ScanJobs jobs = new ScanJobs(scans, JobTable.Retention.DEFAULT, clock);
        ScanJobs.Scan running = jobs.find("scan-1").orElseThrow();
        assertThat(running.state()).isEqualTo(JobState.INTERRUPTED);
        Map<String, Object> json = running.json();
        assertThat(json.get("error")).isEqualTo(ScanJobs.RESTARTED);
        assertThat(json.get("finished")).isEqualTo(clock.instant());
        assertThat(json.get("meters")).isEqualTo(List.of(WATER.json()));
        assertThat(jobs.find("scan-2").orElseThrow().state()).isEqualTo(JobState.INTERRUPTED);
        assertThat(jobs.find("scan-3")).isEmpty();
        assertThat(jobs.find("nonsense")).isEmpty();

        List<MeterSettings> install = ScanJobs.toInstall(running, 2400);
        assertThat(install).hasSize(1);
        MeterSettings m = install.get(0);
        assertThat(m.mode()).isEqualTo(AddressingMode.SECONDARY);
        assertThat(m.secondaryId()).isEqualTo("12345678");
        assertThat(m.manufacturer()).isEqualTo("KAM");
        assertThat(m.version()).isEqualTo(7);
        assertThat(m.medium()).isEqualTo(7);
        assertThat(m.busId()).isEqualTo("bus-1");
        assertThat(m.baud()).isEqualTo(2400);
        // listed newest first; ids go on after the stored ones
        assertThat(jobs.list(0, 10)).extracting(ScanJobs.Scan::id).containsExactly("scan-2", "scan-1");
        // its counters were never flushed (found_count 0): the list counts the stored meters
        assertThat(jobs.list(0, 10).get(1).summary().get("found")).isEqualTo(1);
        assertThat(ScanRepository.TABLE.maxId(db)).isEqualTo(2);
    }

    @Test
    void anInstallationReadoutLeftRunningIsInterruptedAndNamesTheMetersNotRead() {
        MeterRepository meterRepo = new MeterRepository(db);
        Meter a = meterRepo.insert(MeterSettings.of("A", AddressingMode.PRIMARY, null, 1, 2400), clock.instant());
        Meter b = meterRepo.insert(MeterSettings.of("B", AddressingMode.PRIMARY, null, 2, 2400), clock.instant());
        InstallRepository repo = new InstallRepository(db);
        repo.create(1, "admin", List.of(a, b), clock.instant());
        repo.state(1, JobState.RUNNING, null, null);
        Instant readAt = clock.instant().plusSeconds(5);
        repo.item(1, 0, new InstallReadouts.Item(a.id(), "A", "default", "ok", "Installation readout: KAM, Water, version 7,"
                + " status 00", "KAM", 7, "Water", readAt), readAt);
        clock.advance(Duration.ofMinutes(3));

        MeterRegistry registry = new MeterRegistry(meterRepo, new MeterListParser(), 512, clock);
        // no bus access: this start only reads the history back, it reads no meter
        InstallReadouts installs = new InstallReadouts(registry, null, null, repo, JobTable.Retention.DEFAULT, clock);
        InstallReadouts.Job job = installs.find("install-1").orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.INTERRUPTED);
        Map<String, Object> json = job.json();
        assertThat(json.get("message")).isEqualTo(InstallReadouts.RESTARTED);
        assertThat(json.get("total")).isEqualTo(2);
        assertThat(json.get("done")).isEqualTo(1);
        assertThat(json.get("ok")).isEqualTo(1L);
        assertThat(job.items()).containsExactly(new InstallReadouts.Item(a.id(), "A", "default", "ok",
                "Installation readout: KAM, Water, version 7, status 00", "KAM", 7, "Water", readAt));
        assertThat(json.get("notRead")).isEqualTo(List.of(Map.of("meterId", b.id(), "name", "B", "busId", "default")));
        assertThat(installs.latest().orElseThrow().id()).isEqualTo("install-1");
        assertThat(installs.list(0, 5)).hasSize(1);
        installs.close();
    }

    @Test
    void aListenSessionKeepsWhatItHeardAndIsInterruptedAtTheNextStart() {
        ListenRepository repo = new ListenRepository(db);
        Instant start = clock.instant();
        repo.create(1, "admin", start, start.plusSeconds(600));
        ListenSession.Found heard = new ListenSession.Found("00012345", "KAM", 27, 7, "OK", null, 1, null,
                List.of(new ListenSession.Heard("rx1", -60, -60, 1)), start.plusSeconds(1), start.plusSeconds(1));
        repo.save(1, 3, Map.of(0, heard));
        ListenSession.Found later = new ListenSession.Found("00012345", "KAM", 27, 7, "NO_KEY", "no key for it", 4, 17L,
                List.of(new ListenSession.Heard("rx2", -50, -48, 2), new ListenSession.Heard("rx1", -71, -60, 2)),
                start.plusSeconds(1), start.plusSeconds(90));
        ListenSession.Found other = new ListenSession.Found("99999999", "ABB", 1, 2, "OK", null, 1, null,
                List.of(new ListenSession.Heard("rx1", null, null, 1)), start.plusSeconds(30), start.plusSeconds(30));
        repo.save(1, 9, Map.of(0, later, 1, other));
        clock.advance(Duration.ofMinutes(2));

        ListenSessions sessions = new ListenSessions(repo, JobTable.Retention.DEFAULT, clock);
        ListenSession.Snapshot snap = sessions.current().orElseThrow().snapshot(clock.instant());
        assertThat(snap.id()).isEqualTo("listen-1");
        assertThat(snap.state()).isEqualTo("INTERRUPTED");
        assertThat(snap.running()).isFalse();
        assertThat(snap.message()).contains("restarted");
        assertThat(snap.telegrams()).isEqualTo(9);
        assertThat(snap.meters()).containsExactly(later, other);
        assertThat(snap.meters().get(0).strongestReceiver()).isEqualTo("rx2");
        assertThat(sessions.find("listen-1")).isPresent();
        assertThat(sessions.find("listen-2")).isEmpty();
        assertThat(sessions.list(0, 10)).extracting(ListenSession.Snapshot::state).containsExactly("INTERRUPTED");
        sessions.close();
    }

    @Test
    void retentionKeepsTheNewestAndTheYoungAndNeverAnUnfinishedJob() {
        Instant now = clock.instant();
        scans.create(scan(1, JobState.RUNNING, now.minus(Duration.ofDays(200)))); // old but running: stays
        for (long id = 2; id <= 9; id++) {
            scans.create(scan(id, JobState.DONE, now));
            scans.found(id, 0, WATER, now);
        }
        scans.create(scan(10, JobState.CANCELLED, now.minus(Duration.ofDays(91)))); // the newest id, but too old
        int pruned = ScanRepository.TABLE.prune(db, new JobTable.Retention(5, Duration.ofDays(90)), now);
        assertThat(pruned).isEqualTo(5); // ids 2..5 beyond the newest five, and 10 by age
        assertThat(scans.list(0, 100)).extracting(ScanRepository.Stored::id).containsExactly(9L, 8L, 7L, 6L, 1L);
        assertThat(scans.foundMeters(2)).isEmpty(); // the found meters went with their scan
        assertThat(scans.foundMeters(9)).containsExactly(WATER);
        assertThat(scans.list(1, 2)).extracting(ScanRepository.Stored::id).containsExactly(8L, 7L);
        assertThat(scans.count()).isEqualTo(5);
    }
}
