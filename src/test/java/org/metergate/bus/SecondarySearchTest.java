package org.metergate.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.metergate.mbus.Header;
import org.metergate.mbus.SecondaryAddress;
import org.metergate.sim.MeterKind;
import org.metergate.sim.MeterSpec;
import org.metergate.sim.SimulatedFleet;
import org.metergate.sim.SimulatedMeter;

/**
 * The hex-aware search's rules on crafted buses. Selections are answered by the simulator's own
 * matching ({@link SimulatedMeter#matches}) without the wire, so each rule's effect on which masks
 * are selected can be checked exactly; MasterAgainstSimulatorTest runs the scan over the wire.
 */
class SecondarySearchTest {

    private static final Clock CLOCK = Clock.systemUTC();

    /** Answers selections like the bus would and records them. */
    private static final class Bus implements SecondarySearch.Selector {
        final List<SimulatedMeter> meters;
        final List<IdMask> selected = new ArrayList<>();
        final List<Selection> answers = new ArrayList<>();
        final List<FoundMeter> found = new ArrayList<>();
        final List<String> conflicts = new ArrayList<>();

        Bus(List<SimulatedMeter> meters) {
            this.meters = meters;
        }

        @Override
        public Selection select(IdMask mask, int medium, int version) {
            byte[] bytes = new SecondaryAddress(mask.text(), SecondaryAddress.ANY_MANUFACTURER, version, medium).encode();
            List<SimulatedMeter> answering = meters.stream().filter(m -> m.matches(bytes)).toList();
            Selection s;
            if (answering.isEmpty()) {
                s = Selection.NONE;
            } else if (answering.size() > 1) {
                s = Selection.COLLISION;
            } else {
                MeterSpec m = answering.get(0).spec();
                Header h = Header.of(m.id(), m.manufacturer(), m.version(), m.medium(), 0, 0, 0);
                FoundMeter f = new FoundMeter(new MeterAddress.Secondary(
                        new SecondaryAddress(m.id(), m.manufacturerCode(), m.version(), m.medium())), h);
                if (found.stream().noneMatch(x -> x.address().toString().equals(f.address().toString()))) {
                    found.add(f);
                }
                s = new Selection(Selection.Kind.SINGLE, f, IdMask.of(m.id()).bits());
            }
            selected.add(mask);
            answers.add(s);
            return s;
        }

        Bus scan() throws Exception {
            new SecondarySearch(this, share -> { }, conflicts).run();
            return this;
        }

        Set<String> foundIds() {
            return found.stream().map(f -> f.header().id()).collect(Collectors.toSet());
        }

        Set<String> ids() {
            return meters.stream().map(SimulatedMeter::id).collect(Collectors.toSet());
        }

        /**
         * No selection was implied by earlier answers: never the same mask twice, never one inside
         * a mask that answered with at most one meter, never one holding two meters already found.
         */
        void assertNoImpliedSelection() {
            Set<IdMask> seen = new HashSet<>();
            for (int i = 0; i < selected.size(); i++) {
                IdMask m = selected.get(i);
                assertThat(seen.add(m)).as("%s selected twice", m).isTrue();
                int knownInside = 0;
                Set<Integer> knownIds = new HashSet<>();
                for (int j = 0; j < i; j++) {
                    Selection a = answers.get(j);
                    assertThat(a.resolves() && selected.get(j).contains(m))
                            .as("%s selected inside %s which answered %s", m, selected.get(j), a.kind()).isFalse();
                    if (a.meter() != null && knownIds.add(a.id()) && m.selects(a.id())) {
                        knownInside++;
                    }
                }
                assertThat(knownInside).as("%s holds %d meters already found", m, knownInside).isLessThan(2);
            }
        }
    }

    private static SimulatedMeter meter(String id) {
        return meter(id, "KAM", MeterKind.HEAT);
    }

    private static SimulatedMeter meter(String id, String manufacturer, MeterKind kind) {
        return new SimulatedMeter(new MeterSpec(0, id, manufacturer, 1, kind, 1, id.hashCode()), CLOCK);
    }

    private static List<SimulatedMeter> fleet(String... ids) {
        List<SimulatedMeter> out = new ArrayList<>();
        for (String id : ids) {
            out.add(meter(id));
        }
        return out;
    }

    @Test
    void findsEveryMeterOfGeneratedBusesWithoutAnImpliedSelection() throws Exception {
        for (long seed = 1; seed <= 4; seed++) {
            for (int n : new int[] {0, 1, 2, 7, 60, 250}) {
                Bus bus = new Bus(SimulatedFleet.generate(n, seed, CLOCK)).scan();
                assertThat(bus.foundIds()).as("seed %d, %d meters", seed, n).isEqualTo(bus.ids());
                assertThat(bus.found).hasSize(n);
                assertThat(bus.conflicts).isEmpty();
                bus.assertNoImpliedSelection();
            }
        }
    }

    @Test
    void findsSerialRangesAndDenseLetterBuses() throws Exception {
        Random r = new Random(5);
        List<SimulatedMeter> range = new ArrayList<>();
        for (int i = 0; i < 180; i++) {
            range.add(meter(String.format("%08d", 31_415_900 + i + (r.nextInt(4) == 0 ? 500 : 0))));
        }
        range = range.stream().collect(Collectors.toMap(SimulatedMeter::id, m -> m, (a, b) -> a)).values().stream().toList();
        Bus serial = new Bus(range).scan();
        assertThat(serial.foundIds()).isEqualTo(serial.ids());
        serial.assertNoImpliedSelection();

        Set<String> ids = new HashSet<>();
        while (ids.size() < 120) { // every digit drawn from 0-9A-E: letters everywhere
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                b.append("0123456789ABCDE".charAt(r.nextInt(15)));
            }
            ids.add(b.toString());
        }
        Bus letters = new Bus(fleet(ids.toArray(String[]::new))).scan();
        assertThat(letters.foundIds()).isEqualTo(ids);
        assertThat(letters.conflicts).isEmpty();
        letters.assertNoImpliedSelection();
    }

    @Test
    void aCollidedMaskWhoseOtherChildrenAreEmptyIsSplitWithoutSelectingTheLastChild() throws Exception {
        Bus bus = new Bus(fleet("00000019", "00000029")).scan();
        assertThat(bus.foundIds()).containsExactlyInAnyOrder("00000019", "00000029");
        assertThat(bus.selected).contains(IdMask.of("FFFFFFF8")).doesNotContain(IdMask.of("FFFFFFF9"));
        // FFFFFFF9 is split at once: its cells (or, as masks of that size never collided here, the
        // same-size masks through them with the last nibble wild) select each meter alone.
        assertThat(bus.answers).filteredOn(a -> a.meter() != null).hasSize(2);
        bus.assertNoImpliedSelection();
    }

    @Test
    void thatGuessIsSafeWhenTheMetersAreInLetterChildren() throws Exception {
        // The root collides, 0-8 are empty: 9 is split unselected, although the two meters end in letters.
        Bus bus = new Bus(fleet("0000000A", "1000000B")).scan();
        assertThat(bus.foundIds()).containsExactlyInAnyOrder("0000000A", "1000000B");
        assertThat(bus.conflicts).isEmpty();
        bus.assertNoImpliedSelection();
    }

    @Test
    void letterIdsBehindACollisionThatDecimalChildrenExplainAreFound() throws Exception {
        // FFFFFFF3 collides; its decimal children find 13 and 23 and say nothing about A3.
        Bus bus = new Bus(fleet("00000013", "00000023", "000000A3", "0000C004", "0000D004", "E0000000")).scan();
        assertThat(bus.foundIds()).isEqualTo(bus.ids());
        assertThat(bus.conflicts).isEmpty();
        bus.assertNoImpliedSelection();
    }

    @Test
    void letterChecksAreGroupedIntoOneSelectionPerPositionAndLetterWhenNothingAnswers() throws Exception {
        List<String> ids = new ArrayList<>();
        Random r = new Random(9);
        while (ids.size() < 60) {
            String id = String.format("%08d", r.nextInt(100_000_000));
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        Bus bus = new Bus(fleet(ids.toArray(String[]::new))).scan();
        assertThat(bus.foundIds()).isEqualTo(bus.ids());
        List<IdMask> letterMasks = bus.selected.stream().filter(m -> m.text().matches(".*[A-E].*")).toList();
        // One selection per narrowed position and letter: the common mask of all the letter children
        // skipped at that position (all other nibbles wild when several masks were narrowed there).
        assertThat(letterMasks).filteredOn(m -> m.text().matches("F*[A-E]F*")).hasSizeGreaterThanOrEqualTo(15);
        for (IdMask m : letterMasks) {
            assertThat(bus.answers.get(bus.selected.indexOf(m)).kind()).isEqualTo(Selection.Kind.NONE);
        }
        Set<Integer> positions = letterMasks.stream().map(m -> m.text().replaceAll("[A-E]", "x").indexOf('x')).collect(Collectors.toSet());
        assertThat(letterMasks).hasSize(5 * positions.size());
    }

    @Test
    void crossSelectionsCoverCellsOfSeveralBranches() throws Exception {
        Bus bus = new Bus(SimulatedFleet.generate(250, 3, CLOCK)).scan();
        // A cross selection fixes a later nibble with an earlier one wild: FFFFF?F? or FFFFF??F style.
        long cross = bus.selected.stream().filter(m -> {
            String t = m.text();
            int firstFixed = 0;
            while (firstFixed < 8 && t.charAt(firstFixed) == 'F') {
                firstFixed++;
            }
            return t.substring(firstFixed).contains("F");
        }).count();
        assertThat(cross).isPositive();
        assertThat(bus.foundIds()).isEqualTo(bus.ids());
        bus.assertNoImpliedSelection();
    }

    @Test
    void aMeterWithTheNibbleFIsFoundWhenAloneAndReportedWhenItCannotBeSelected() throws Exception {
        Bus alone = new Bus(fleet("F2345678", "00000001")).scan();
        assertThat(alone.foundIds()).containsExactlyInAnyOrder("F2345678", "00000001");
        assertThat(alone.conflicts).isEmpty();

        // 1234567F answers only masks with the last nibble wild: the root collides, then nobody is alone.
        Bus hidden = new Bus(fleet("1234567F", "00000000")).scan();
        assertThat(hidden.foundIds()).containsExactly("00000000");
        assertThat(hidden.conflicts).singleElement().asString().contains("FFFFFFFF").contains("nibble F");
    }

    @Test
    void theSameIdTwiceIsNarrowedOnMediumAndVersionAndReportedWhenOnlyTheManufacturerDiffers() throws Exception {
        List<SimulatedMeter> meters = new ArrayList<>(fleet("11111111", "22222222", "12121212"));
        meters.add(meter("12345678", "KAM", MeterKind.HEAT));
        meters.add(meter("12345678", "ELS", MeterKind.WATER));
        meters.add(new SimulatedMeter(new MeterSpec(0, "12345678", "ITW", 7, MeterKind.WATER, 1, 3), CLOCK));
        meters.add(meter("87654321", "KAM", MeterKind.GAS));
        meters.add(meter("87654321", "ELS", MeterKind.GAS));
        Bus bus = new Bus(meters).scan();
        assertThat(bus.found).extracting(f -> f.address().toString()).containsExactlyInAnyOrder(
                "11111111.2C2D.01.04", "22222222.2C2D.01.04", "12121212.2C2D.01.04",
                "12345678.2C2D.01.04", "12345678.1593.01.07", "12345678.2697.07.07");
        assertThat(bus.conflicts).singleElement().asString()
                .contains("87654321").contains("medium 03 version 01").contains("another manufacturer");
        // each shared id: 255 media, then 255 versions under the medium that still collides
        assertThat(bus.selected).filteredOn(IdMask.of("87654321")::equals).hasSize(1 + 255 + 255);
    }

    @Test
    void aBusWithoutMetersCostsOneSelectionAndOneMeterTwo() throws Exception {
        assertThat(new Bus(List.of()).scan().selected).containsExactly(IdMask.ALL);
        Bus one = new Bus(fleet("0000A000")).scan();
        assertThat(one.selected).containsExactly(IdMask.ALL);
        assertThat(one.foundIds()).containsExactly("0000A000");
    }
}
