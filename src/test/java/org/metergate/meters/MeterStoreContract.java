package org.metergate.meters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metergate.store.Database;
import org.metergate.store.StoreException;
import org.metergate.testing.MutableClock;

/**
 * The meter table, repository and registry, run unchanged against each engine (Derby and PostgreSQL
 * subclasses), like {@code org.metergate.store.StoreContract}.
 */
abstract class MeterStoreContract {

    protected Database db;
    protected final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00.123Z"));
    protected MeterRepository repo;

    protected abstract Database open() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        db = open();
        repo = new MeterRepository(db);
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    static MeterSettings full() {
        return new MeterSettings("Basement, House 1", AddressingMode.ESECONDARY, 7, "19458309", "GWF", 60, 7,
                "61000134", "E61E3C07", "bus-2", 9600, true, false, 3, 1500, 2, 50, "Row 12");
    }

    @Test
    void everyFieldRoundTrips() {
        Meter m = repo.insert(full(), clock.instant());
        assertThat(m.id()).isPositive();
        Meter read = repo.find(m.id()).orElseThrow();
        assertThat(read.settings()).isEqualTo(full());
        assertThat(read.createdAt()).isEqualTo(clock.instant());
        assertThat(read.updatedAt()).isEqualTo(clock.instant());
        assertThat(read.status()).isEqualTo(MeterStatus.NONE);

        MeterSettings minimal = MeterSettings.of("Sales office", AddressingMode.PRIMARY, null, 221, 2400);
        Meter p = repo.insert(minimal, clock.instant());
        assertThat(repo.find(p.id()).orElseThrow().settings()).isEqualTo(minimal);
        assertThat(repo.find(p.id() + 1000)).isEmpty();
    }

    @Test
    void sharingAddressWithFindsExactlyTheMetersOfTheSameSecondaryIdOrPrimaryAddressOnTheBus() {
        Meter sameId = repo.insert(MeterSettings.of("A", AddressingMode.SECONDARY, "13001651", null, 2400), clock.instant());
        Meter samePrimary = repo.insert(MeterSettings.of("B", AddressingMode.PRIMARY, "22220000", 5, 38400), clock.instant());
        repo.insert(MeterSettings.of("C", AddressingMode.SECONDARY, "13001652", 5, 2400), clock.instant()); // 5 not its address
        repo.insert(MeterSettings.of("D", AddressingMode.PRIMARY, null, 6, 19200), clock.instant());
        MeterSettings probe = MeterSettings.of("E", AddressingMode.PRIMARY, "13001651", 5, 2400);
        assertThat(repo.sharingAddressWith(probe)).extracting(Meter::id).containsExactly(sameId.id(), samePrimary.id());
        assertThat(repo.sharingAddressWith(MeterSettings.of("F", AddressingMode.SECONDARY, "13001651", null, 300)))
                .extracting(Meter::id).containsExactly(sameId.id());
        assertThat(repo.sharingAddressWith(MeterSettings.of("G", AddressingMode.PRIMARY, null, 5, 9600)))
                .extracting(Meter::id).containsExactly(samePrimary.id());
        assertThat(repo.sharingAddressWith(MeterSettings.of("H", AddressingMode.PRIMARY, null, 7, 9600))).isEmpty();
        // the 19200/38400 speeds of fast converters round-trip (V15)
        assertThat(repo.find(samePrimary.id()).orElseThrow().settings().baud()).isEqualTo(38400);
    }

    @Test
    void updateStatusAndDelete() {
        Meter m = repo.insert(MeterSettings.of("A", AddressingMode.SECONDARY, "13001651", null, 2400), clock.instant());
        clock.advance(Duration.ofMinutes(5));
        MeterSettings changed = m.settings().withIdentity("ELV", 1, 7).withActive(false);
        assertThat(repo.update(m.id(), changed, clock.instant())).isTrue();
        Instant readAt = clock.instant().plusSeconds(3);
        assertThat(repo.updateStatus(m.id(), new MeterStatus("ok", "3 telegrams", readAt))).isTrue();
        Meter read = repo.find(m.id()).orElseThrow();
        assertThat(read.settings()).isEqualTo(changed);
        assertThat(read.updatedAt()).isEqualTo(clock.instant());
        assertThat(read.createdAt()).isEqualTo(m.createdAt());
        assertThat(read.status()).isEqualTo(new MeterStatus("ok", "3 telegrams", readAt));
        assertThat(repo.delete(m.id())).isTrue();
        assertThat(repo.delete(m.id())).isFalse();
        assertThat(repo.update(m.id(), changed, clock.instant())).isFalse();
    }

    @Test
    void constraintsRejectExactDuplicates() {
        repo.insert(MeterSettings.of("A", AddressingMode.SECONDARY, "13001651", null, 2400), clock.instant());
        assertThatThrownBy(() -> repo.insert(MeterSettings.of("B", AddressingMode.SECONDARY, "13001651", null, 2400), clock.instant()))
                .isInstanceOf(StoreException.class);
        repo.insert(MeterSettings.of("P", AddressingMode.PRIMARY, null, 5, 2400), clock.instant());
        assertThatThrownBy(() -> repo.insert(MeterSettings.of("Q", AddressingMode.PRIMARY, "14290591", 5, 2400), clock.instant()))
                .isInstanceOf(StoreException.class);
        // several meters without primary key / other identities are fine
        repo.insert(MeterSettings.of("C", AddressingMode.SECONDARY, "13001652", 5, 2400), clock.instant());
        repo.insert(full(), clock.instant());
        repo.insert(full().withIdentity("ELV", 60, 7), clock.instant());
        assertThat(repo.count()).isEqualTo(5);
    }

    @Test
    void searchPagingAndActiveFilter() {
        for (int i = 0; i < 25; i++) {
            repo.insert(MeterSettings.of((i % 2 == 0 ? "Apartment " : "Cellar_") + i, AddressingMode.SECONDARY,
                    String.format("%08d", 1000 + i), null, 2400).withActive(i < 20), clock.instant());
        }
        assertThat(repo.countActive()).isEqualTo(20);
        MeterPage all = repo.find(new MeterQuery(null, null, 1, 10));
        assertThat(all.total()).isEqualTo(25);
        assertThat(all.meters()).extracting(m -> m.settings().name()).first().isEqualTo("Apartment 10");
        assertThat(repo.find(new MeterQuery(null, false, 0, 100)).meters()).hasSize(5);
        assertThat(repo.find(new MeterQuery("apartment", true, 0, 100)).total()).isEqualTo(10);
        assertThat(repo.find(new MeterQuery("00001024", null, 0, 100)).meters())
                .extracting(m -> m.settings().name()).containsExactly("Apartment 24");
        // LIKE wildcards in the search text are literal
        assertThat(repo.find(new MeterQuery("_", null, 0, 100)).total()).isEqualTo(12);
        assertThat(repo.find(new MeterQuery("%", null, 0, 100)).total()).isZero();
    }

    @Test
    void listInstallIsOneTransaction() {
        repo.insert(MeterSettings.of("Old", AddressingMode.SECONDARY, "99999999", null, 2400), clock.instant());
        List<MeterSettings> batch = List.of(
                MeterSettings.of("A", AddressingMode.SECONDARY, "13001651", null, 2400),
                MeterSettings.of("B", AddressingMode.SECONDARY, "13001652", null, 2400),
                MeterSettings.of("C", AddressingMode.SECONDARY, "13001651", null, 2400)); // violates the unique key
        assertThatThrownBy(() -> repo.insertAll(batch, true, clock.instant())).isInstanceOf(StoreException.class)
                .hasMessageContaining("nothing was changed");
        assertThat(repo.all()).extracting(m -> m.settings().name()).containsExactly("Old");

        List<Meter> done = repo.insertAll(batch.subList(0, 2), true, clock.instant());
        assertThat(done).hasSize(2);
        assertThat(repo.all()).extracting(m -> m.settings().name()).containsExactly("A", "B");
    }

    @Test
    void registryImportAppliesWholeListOrNothing() {
        MeterRegistry registry = new MeterRegistry(repo, new MeterListParser(), 3, clock);
        registry.install(MeterSettings.of("Existing", AddressingMode.SECONDARY, "67690871", null, 2400));
        String bad = "Position,SecondaryAddress,BaudRate,AddressingMode,PrimaryAddress,EnhancedAddress\n"
                + "Cafeteria,13001651,2400,Secondary,,\n"
                + "Reception,67690871,2400,Secondary,,\n";
        assertThatThrownBy(() -> registry.installList(bad.getBytes(StandardCharsets.UTF_8), false))
                .isInstanceOfSatisfying(MeterListException.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(err -> {
                            assertThat(err.line()).isEqualTo(3);
                            assertThat(err.column()).isEqualTo("SecondaryAddress");
                            assertThat(err.reason()).contains("already installed");
                        }));
        assertThat(repo.count()).isEqualTo(1);

        // with clear=true the same list is valid: the old list goes, the new one comes, in one transaction
        MeterRegistry.ImportResult r = registry.installList(bad.getBytes(StandardCharsets.UTF_8), true);
        assertThat(r.installed()).isEqualTo(2);
        assertThat(r.removed()).isEqualTo(1);
        assertThat(repo.all()).extracting(m -> m.settings().name()).containsExactly("Cafeteria", "Reception");

        String more = "Position;SecondaryAddress;BaudRate;AddressingMode;PrimaryAddress\n"
                + "Sales office;14290591;2400;Primary;221\n"
                + "Attic;14290592;300;secondary;\n"
                + "Garage;14290593;9600;SECONDARY;\n";
        MeterRegistry.ImportResult r2 = registry.installList(more.getBytes(StandardCharsets.UTF_8), false);
        assertThat(r2.installed()).isEqualTo(3);
        assertThat(r2.active()).isEqualTo(1);
        assertThat(r2.passive()).isEqualTo(2);
        assertThat(repo.countActive()).isEqualTo(3);
        assertThat(repo.all()).extracting(m -> m.settings().name() + ":" + m.active())
                .containsExactly("Cafeteria:true", "Reception:true", "Sales office:true", "Attic:false", "Garage:false");
    }

    @Test
    void capacityKeepsAtMostMaxActive() {
        MeterRegistry registry = new MeterRegistry(repo, new MeterListParser(), MeterRegistry.DEFAULT_MAX_ACTIVE, clock);
        StringBuilder csv = new StringBuilder("Position,SecondaryAddress,BaudRate,AddressingMode\n");
        for (int i = 0; i < 513; i++) {
            csv.append("Meter ").append(i).append(',').append(String.format("%08d", 20000000 + i)).append(",2400,secondary\n");
        }
        MeterRegistry.ImportResult r = registry.installList(csv.toString().getBytes(StandardCharsets.UTF_8), false);
        assertThat(r.installed()).isEqualTo(513);
        assertThat(r.active()).isEqualTo(512);
        assertThat(r.passive()).isEqualTo(1);
        List<Meter> all = repo.all();
        assertThat(all.get(512).settings().name()).isEqualTo("Meter 512");
        assertThat(all.get(512).active()).isFalse();
        assertThat(repo.countActive()).isEqualTo(512);

        // a single install beyond the capacity is passive, activating it is refused until one is made passive
        Meter extra = registry.install(MeterSettings.of("Extra", AddressingMode.SECONDARY, "30000000", null, 2400));
        assertThat(extra.active()).isFalse();
        assertThatThrownBy(() -> registry.setActive(extra.id(), true)).isInstanceOf(MeterConflictException.class)
                .hasMessageContaining("capacity");
        registry.setActive(all.get(0).id(), false);
        assertThat(registry.setActive(extra.id(), true).active()).isTrue();
        assertThat(repo.countActive()).isEqualTo(512);
    }

    @Test
    void scannedMetersAreInstalledSkippingKnownOnes() {
        MeterRegistry registry = new MeterRegistry(repo, new MeterListParser(), 2, clock);
        registry.install(MeterSettings.of("Known", AddressingMode.SECONDARY, "13001651", null, 2400));
        List<MeterSettings> found = List.of(
                MeterSettings.of("13001651", AddressingMode.SECONDARY, "13001651", null, 2400).withIdentity("GWF", 60, 7),
                MeterSettings.of("14290591", AddressingMode.SECONDARY, "14290591", null, 2400).withIdentity("ELV", 1, 4),
                MeterSettings.of("14290591 again", AddressingMode.SECONDARY, "14290591", null, 2400),
                MeterSettings.of("67690871", AddressingMode.SECONDARY, "67690871", null, 2400));
        MeterRegistry.ImportResult r = registry.installScanned(found, false);
        assertThat(r.installed()).isEqualTo(2);
        assertThat(r.active()).isEqualTo(1);
        assertThat(r.passive()).isEqualTo(1);
        assertThat(repo.all()).extracting(m -> m.settings().name()).containsExactly("Known", "14290591", "67690871");

        MeterRegistry.ImportResult cleared = registry.installScanned(found, true);
        assertThat(cleared.removed()).isEqualTo(3);
        assertThat(cleared.installed()).isEqualTo(3);
        assertThat(repo.all()).extracting(m -> m.settings().name()).containsExactly("13001651", "14290591", "67690871");
    }

    @Test
    void loweredCapacityMakesTheNewestMetersPassive() {
        MeterRegistry big = new MeterRegistry(repo, new MeterListParser(), 10, clock);
        for (int i = 0; i < 6; i++) {
            big.install(MeterSettings.of("M" + i, AddressingMode.SECONDARY, String.format("%08d", 500 + i), null, 2400));
        }
        big.setActive(repo.all().get(2).id(), false);
        MeterRegistry small = new MeterRegistry(repo, new MeterListParser(), 3, clock);
        assertThat(small.enforceCapacity()).hasSize(2);
        assertThat(repo.all()).extracting(m -> m.settings().name() + ":" + m.active())
                .containsExactly("M0:true", "M1:true", "M2:false", "M3:true", "M4:false", "M5:false");
        assertThat(small.enforceCapacity()).isEmpty();
    }

    @Test
    void registryRefusesDuplicatesOnInstallAndUpdate() {
        MeterRegistry registry = new MeterRegistry(repo, new MeterListParser(), 10, clock);
        Meter a = registry.install(MeterSettings.of("A", AddressingMode.SECONDARY, "13001651", null, 2400));
        registry.recordIdentity(a.id(), "GWF", 60, 7, new MeterStatus("ok", null, clock.instant()));
        // unknown manufacturer matches any: same secondary id is the same meter
        assertThatThrownBy(() -> registry.install(MeterSettings.of("B", AddressingMode.SECONDARY, "13001651", null, 2400)))
                .isInstanceOf(MeterConflictException.class).hasMessageContaining("already installed as meter " + a.id());
        // another manufacturer with the same id is another meter (wireless ids are unique per manufacturer only)
        registry.install(MeterSettings.of("C", AddressingMode.SECONDARY, "13001651", null, 2400).withIdentity("ELV", null, null));
        Meter p = registry.install(MeterSettings.of("P", AddressingMode.PRIMARY, null, 1, 2400));
        assertThatThrownBy(() -> registry.install(MeterSettings.of("Q", AddressingMode.PRIMARY, null, 1, 2400)))
                .isInstanceOf(MeterConflictException.class).hasMessageContaining("primary address 1");
        // updating a meter does not conflict with itself
        assertThat(registry.update(p.id(), MeterSettings.of("P renamed", AddressingMode.PRIMARY, null, 1, 300)).settings().name())
                .isEqualTo("P renamed");
        assertThat(registry.delete(p.id())).isTrue();
    }

    @Test
    void activeMetersOfABusFeedTheScheduledReadoutWithTheirOwnSettings() {
        MeterRegistry registry = new MeterRegistry(repo, new MeterListParser(), 10, clock);
        registry.install(MeterSettings.of("Primary", AddressingMode.PRIMARY, null, 7, 2400));
        MeterSettings tuned = new MeterSettings("Secondary", AddressingMode.SECONDARY, null, "1234567A", "ELS", 3, 7,
                null, null, MeterSettings.DEFAULT_BUS, 2400, true, false, 1, 900, 4, 50, null);
        registry.install(tuned);
        registry.install(MeterSettings.of("Passive", AddressingMode.PRIMARY, null, 9, 2400).withActive(false));
        registry.install(new MeterSettings("Other bus", AddressingMode.PRIMARY, 3, null, null, null, null, null, null, "bus2",
                2400, true, true, 8, null, null, null, null));

        var requests = registry.activeMeters(MeterSettings.DEFAULT_BUS);
        assertThat(requests).extracting(r -> r.address().toString())
                .containsExactlyInAnyOrder("7", "1234567A." + String.format("%04X", tuned.manufacturerCode()) + ".03.07");
        var secondary = requests.stream().filter(r -> r.address() instanceof org.metergate.bus.MeterAddress.Secondary).findFirst().orElseThrow();
        assertThat(secondary.multi()).isEqualTo(org.metergate.bus.MultiTelegram.OFF);
        assertThat(secondary.timing(org.metergate.bus.BusTiming.fast(2400)))
                .satisfies(t -> {
                    assertThat(t.responseTimeout()).isEqualTo(900);
                    assertThat(t.readoutRetries()).isEqualTo(4);
                    assertThat(t.interRequestGap()).isEqualTo(50);
                });
        assertThat(registry.activeMeters("bus2")).extracting(r -> r.address().toString()).containsExactly("3");
        assertThat(registry.activeMeters("nowhere")).isEmpty();
    }
}
