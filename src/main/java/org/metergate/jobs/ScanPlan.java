package org.metergate.jobs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.metergate.meters.MeterSettings;

/**
 * What a scan job searches (SPEC A7, advanced scan): the buses one after another, on each the addressing
 * modes in order (a later mode is the fallback for meters an earlier one did not find), the primary range,
 * the baud the found meters are installed at, how many meters to keep at most, whether they are installed
 * automatically when the scan ends, and whether that install replaces the current meter list.
 *
 * @param baud null = each bus at its route's baud
 * @param maxMeters null = all found; the scan stops once this many distinct meters are found
 */
public record ScanPlan(List<String> buses, List<ScanJobs.Kind> modes, int from, int to, Integer baud, Integer maxMeters,
        boolean autoInstall, boolean clearFirst) {

    /** One bus scanned in one mode: the unit queued on that bus's owner. */
    public record Step(String bus, ScanJobs.Kind mode) {
        public String describe() {
            return mode.name().toLowerCase(Locale.ROOT) + " scan of bus " + bus;
        }
    }

    public ScanPlan {
        buses = List.copyOf(buses);
        modes = List.copyOf(modes);
        List<String> errors = problems(buses, modes, from, to, baud, maxMeters);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
    }

    /** The scan the simple request asks for: one bus, one mode, found meters installed on request only. */
    public static ScanPlan simple(String bus, ScanJobs.Kind kind, int from, int to, boolean clearFirst) {
        return new ScanPlan(List.of(bus), List.of(kind), from, to, null, null, false, clearFirst);
    }

    /**
     * What is wrong with these values, each naming its field (empty: none). The API collects these with its
     * own type errors so a request is refused whole, with every problem at once.
     */
    public static List<String> problems(List<String> buses, List<ScanJobs.Kind> modes, int from, int to, Integer baud,
            Integer maxMeters) {
        List<String> errors = new ArrayList<>();
        if (buses.isEmpty()) {
            errors.add("field buses must name at least one bus");
        } else if (new HashSet<>(buses).size() != buses.size()) {
            errors.add("field buses names a bus twice: " + buses);
        }
        if (modes.isEmpty()) {
            errors.add("field modes must name at least one of primary, secondary");
        } else if (new HashSet<>(modes).size() != modes.size()) {
            errors.add("field modes names a mode twice: " + modes.stream().map(m -> m.name().toLowerCase(Locale.ROOT)).toList());
        }
        if (from < 0 || to > 250 || from > to) {
            errors.add("fields from/to: the primary range must lie within 0..250 with from <= to, got " + from + ".." + to);
        }
        if (baud != null && !MeterSettings.BAUD_RATES.contains(baud)) {
            errors.add("field baud must be " + MeterSettings.BAUD_RATES_TEXT + ", got " + baud);
        }
        if (maxMeters != null && maxMeters < 1) {
            errors.add("field maxMeters must be at least 1 (leave it out for all found), got " + maxMeters);
        }
        return errors;
    }

    /** True when this is more than the simple request can say (stored in the advanced columns). */
    public boolean advanced() {
        return buses.size() > 1 || modes.size() > 1 || baud != null || maxMeters != null || autoInstall;
    }

    /** Bus by bus, on each bus the modes in the order given. */
    public List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        for (String bus : buses) {
            for (ScanJobs.Kind mode : modes) {
                steps.add(new Step(bus, mode));
            }
        }
        return steps;
    }

    String busesText() {
        return String.join(",", buses);
    }

    String modesText() {
        return modes.stream().map(m -> m.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(","));
    }

    static List<ScanJobs.Kind> parseModes(String text) {
        List<ScanJobs.Kind> out = new ArrayList<>();
        for (String m : text.split(",")) {
            out.add(ScanJobs.Kind.parse(m));
        }
        return out;
    }
}
