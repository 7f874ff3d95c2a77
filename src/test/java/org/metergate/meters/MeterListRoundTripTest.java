package org.metergate.meters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.store.Database;
import org.metergate.testing.TestDatabases;

/**
 * SPEC C1/C3: export → import is lossless. Random valid meter sets over two wired buses (the caller's
 * default bus "master" and a TCP master) and two wireless receivers — primary meters with and without a
 * secondary address, secondary meters, wired esecondary meters behind a receiver with an enhanced address,
 * wireless meters on a receiver (some sharing an id across manufacturers), every optional setting random
 * or unset, awkward names (separators, quotes, line breaks, non-ASCII, formula-like) — are exported as
 * CSV and as XLSX and imported again; every meter must come back with every {@link MeterSettings}
 * component equal, compared component by component by reflection, so a setting added later without an
 * export column fails here.
 */
class MeterListRoundTripTest {

    static final String MASTER = "master";
    static final String TCP = "tcp1";
    static final String RX1 = "rx1";
    static final String RX2 = "rx2";
    static final String UNASSIGNED = "wireless";
    private static final long SEED = 0x5EEDB05L;

    private final MeterListParser parser = new MeterListParser(MeterListParser.DEFAULT_MAX_BYTES,
            MeterListParser.DEFAULT_MAX_METERS, MASTER, KnownBuses.of(TCP, RX1, RX2, UNASSIGNED));

    @Test
    void randomMeterSetsParseBackExactlyFromCsvAndXlsx() {
        for (int trial = 0; trial < 150; trial++) {
            List<MeterSettings> set = new RandomMeterSet(new Random(SEED + trial)).generate();
            List<Meter> meters = new ArrayList<>();
            for (MeterSettings s : set) {
                meters.add(new Meter(meters.size() + 1, s, MeterStatus.NONE, Instant.EPOCH, Instant.EPOCH));
            }
            String csv = MeterListExport.csv(meters);
            assertRoundTrip(set, parsed(parser.parse(csv.getBytes(StandardCharsets.UTF_8)), csv), "trial " + trial + " CSV", csv);
            assertRoundTrip(set, parsed(parser.parse(MeterListExport.xlsx(meters)), csv), "trial " + trial + " XLSX", csv);
        }
    }

    /** The whole way as the gateway goes it: stored meters → export → installList onto a fresh database → stored again. */
    @Test
    void randomMeterSetsSurviveExportAndImportThroughTheRegistryAndDatabase(@TempDir Path dir) throws Exception {
        try (Database from = TestDatabases.derby(dir.resolve("from")); Database onto = TestDatabases.derby(dir.resolve("onto"))) {
            MeterRepository source = new MeterRepository(from);
            MeterRepository target = new MeterRepository(onto);
            MeterRegistry registry = new MeterRegistry(target, parser, MeterRegistry.DEFAULT_MAX_ACTIVE, Clock.systemUTC());
            for (int trial = 0; trial < 40; trial++) {
                List<MeterSettings> set = new RandomMeterSet(new Random(SEED * 31 + trial)).generate();
                List<Meter> stored = source.insertAll(set, true, Instant.now());
                assertRoundTrip(set, stored.stream().map(Meter::settings).toList(), "trial " + trial + " stored", "");
                String csv = MeterListExport.csv(source.all());
                for (String format : List.of("CSV", "XLSX")) {
                    byte[] file = format.equals("CSV") ? csv.getBytes(StandardCharsets.UTF_8) : MeterListExport.xlsx(source.all());
                    MeterRegistry.ImportResult result = registry.installList(file, true);
                    assertThat(result.installed()).isEqualTo(set.size());
                    assertThat(result.passive()).isEqualTo(set.stream().filter(s -> !s.active()).count());
                    assertRoundTrip(set, target.all().stream().map(Meter::settings).toList(), "trial " + trial + " " + format
                            + " via the database", csv);
                }
            }
        }
    }

    @Test
    void aListNamingAnUnknownBusInstallsNothing(@TempDir Path dir) {
        try (Database db = TestDatabases.derby(dir)) {
            MeterRepository repo = new MeterRepository(db);
            MeterRegistry registry = new MeterRegistry(repo, parser, MeterRegistry.DEFAULT_MAX_ACTIVE, Clock.systemUTC());
            registry.installList(MeterListTemplate.csv(true).getBytes(StandardCharsets.UTF_8), false);
            String list = "Position,SecondaryAddress,BaudRate,AddressingMode,PrimaryAddress,EnhancedAddress,Bus\r\n"
                    + "A,22001651,2400,secondary,,,tcp1\r\nB,22001652,2400,secondary,,,tcp2\r\n";
            try {
                registry.installList(list.getBytes(StandardCharsets.UTF_8), true);
                fail("installed a list naming bus tcp2");
            } catch (MeterListException e) {
                assertThat(e.errors()).containsExactly(new MeterListError(3, "Bus",
                        "unknown bus 'tcp2': the configured buses are master, rx1, rx2, tcp1, wireless"));
            }
            assertThat(repo.all()).extracting(m -> m.settings().name()).containsExactly("Cafeteria", "Sales office", "Reception");
            assertThat(repo.all()).allSatisfy(m -> assertThat(m.settings().busId()).isEqualTo(MASTER));
        }
    }

    private static List<MeterSettings> parsed(MeterList list, String csv) {
        assertThat(list.errors()).as("errors importing the export:\n%s", csv).isEmpty();
        return list.meters().stream().map(MeterList.Line::settings).toList();
    }

    /** Every record component of every meter, in order, named in the failure. */
    static void assertRoundTrip(List<MeterSettings> expected, List<MeterSettings> actual, String what, String file) {
        assertThat(actual).as("%s: number of meters", what).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            for (RecordComponent c : MeterSettings.class.getRecordComponents()) {
                Object want;
                Object got;
                try {
                    want = c.getAccessor().invoke(expected.get(i));
                    got = c.getAccessor().invoke(actual.get(i));
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
                if (!Objects.equals(want, got)) {
                    fail("%s: meter %d (%s), %s: expected <%s> but was <%s>%nexport:%n%s", what, i + 1, expected.get(i).name(),
                            c.getName(), want, got, file);
                }
            }
        }
    }

    /** A random valid meter set: identities unique, primary addresses unique per bus, as the registry demands. */
    static final class RandomMeterSet {
        private static final String[] NAME_PARTS = {"Basement", "House 1", "Källare, hus 2", "Sales; office", "\"Quoted\"",
                "=SUM(A1)", "+46", "#7", "Wärme €", "日本", "line\nbreak", "tab\there", "a,b;c\"d", "'lead", "x"};
        private static final int[] BAUDS = {300, 2400, 9600, 19200, 38400};

        private final Random rnd;
        private final List<MeterSettings> meters = new ArrayList<>();
        private final Set<String> primaryKeys = new HashSet<>();

        RandomMeterSet(Random rnd) {
            this.rnd = rnd;
        }

        List<MeterSettings> generate() {
            int n = 1 + rnd.nextInt(25);
            while (meters.size() < n) {
                MeterSettings m = meter();
                if (meters.stream().noneMatch(o -> o.sameMeterAs(m)) && (m.primaryKey() == null || primaryKeys.add(m.primaryKey()))) {
                    meters.add(m);
                }
            }
            return meters;
        }

        private MeterSettings meter() {
            String name = name();
            String wiredBus = rnd.nextBoolean() ? MASTER : TCP;
            String manufacturer = maybe(this::manufacturer);
            Integer version = maybe(() -> rnd.nextInt(256));
            Integer medium = maybe(() -> rnd.nextInt(256));
            return switch (rnd.nextInt(4)) {
                case 0 -> settings(name, AddressingMode.PRIMARY, rnd.nextInt(251), rnd.nextInt(3) == 0 ? null : hex8(),
                        manufacturer, version, medium, null, null, wiredBus);
                case 1 -> settings(name, AddressingMode.SECONDARY, maybe(() -> rnd.nextInt(251)), hex8(), manufacturer, version,
                        medium, null, null, wiredBus);
                case 2 -> settings(name, AddressingMode.ESECONDARY, null, hex8(), manufacturer, version, medium, hex8(),
                        maybe(this::hex8), wiredBus);
                default -> {
                    // wireless: its bus is the receiver; sometimes another manufacturer's meter with an id already used
                    MeterSettings shared = meters.stream().filter(o -> o.mode() == AddressingMode.ESECONDARY
                            && o.enhancedReceiver() == null && o.manufacturer() != null).findFirst().orElse(null);
                    String id = shared != null && rnd.nextBoolean() ? shared.secondaryId() : hex8();
                    String receiver = List.of(RX1, RX2, UNASSIGNED, MASTER).get(rnd.nextInt(4));
                    yield settings(name, AddressingMode.ESECONDARY, null, id, manufacturer(), version, medium, null, null,
                            receiver);
                }
            };
        }

        private MeterSettings settings(String name, AddressingMode mode, Integer primary, String secondary, String manufacturer,
                Integer version, Integer medium, String receiver, String meterPart, String bus) {
            String listPosition = switch (rnd.nextInt(3)) {
                case 0 -> null;
                case 1 -> name;
                default -> name();
            };
            return new MeterSettings(name, mode, primary, secondary, manufacturer, version, medium, receiver,
                    receiver == null ? null : meterPart, bus, BAUDS[rnd.nextInt(3)], rnd.nextInt(5) > 0, rnd.nextBoolean(),
                    1 + rnd.nextInt(255), maybe(() -> 10 + rnd.nextInt(60_000 - 9)), maybe(() -> rnd.nextInt(11)),
                    maybe(() -> rnd.nextInt(60_001)), listPosition);
        }

        private String name() {
            if (rnd.nextInt(20) == 0) {
                return "N".repeat(MeterSettings.MAX_NAME_LENGTH - 3) + rnd.nextInt(10) + "ä,";
            }
            StringBuilder b = new StringBuilder();
            int parts = 1 + rnd.nextInt(3);
            for (int i = 0; i < parts; i++) {
                b.append(i > 0 ? " " : "").append(NAME_PARTS[rnd.nextInt(NAME_PARTS.length)]);
            }
            return b.append(' ').append(rnd.nextInt(1000)).toString();
        }

        private String manufacturer() {
            return "" + (char) ('A' + rnd.nextInt(26)) + (char) ('A' + rnd.nextInt(26)) + (char) ('A' + rnd.nextInt(26));
        }

        private String hex8() {
            String id;
            do {
                id = String.format("%08X", rnd.nextInt());
            } while (!MeterSettings.isSecondaryId(id));
            return rnd.nextInt(4) == 0 ? String.format("%08d", rnd.nextInt(100_000_000)) : id;
        }

        private <T> T maybe(java.util.function.Supplier<T> value) {
            return rnd.nextBoolean() ? value.get() : null;
        }
    }
}
