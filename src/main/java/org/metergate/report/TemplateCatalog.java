package org.metergate.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The template files of the templates directory and how a template number finds its file (SPEC F3):
 * a file for the exact number ({@code 2101_valuereport.csv.ftl}) wins, otherwise the file for every
 * protocol ({@code x101_valuereport.csv.ftl}). The directory is read on every lookup, so a template
 * an integrator adds or changes is used by the next report without a restart.
 */
public final class TemplateCatalog {

    /** {@code x101_valuereport.csv.ftl}, {@code 2101_valuereport.csv.ftl}. */
    static final Pattern FILE = Pattern.compile("([1-3x])(\\d{3})_([a-z0-9][a-z0-9-]*)\\.([a-z0-9]+)\\.ftl");

    private final Path directory;

    public TemplateCatalog(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    /** The file for a template number; a {@link ReportException} says what is missing or ambiguous. */
    public ReportTemplate resolve(int template) throws ReportException {
        Protocol protocol;
        try {
            protocol = Protocol.ofTemplate(template);
        } catch (IllegalArgumentException e) {
            throw new ReportException(e.getMessage());
        }
        String format = String.format("%03d", template % 1000);
        Scan scan = scan();
        for (String number : List.of(String.valueOf(template), "x" + format)) {
            List<ReportTemplate> found = scan.byNumber.getOrDefault(number, List.of());
            if (found.size() > 1) {
                throw new ReportException("template " + template + ": more than one file for " + number + " in " + directory
                        + ": " + found.stream().map(ReportTemplate::fileName).toList());
            }
            if (found.size() == 1) {
                return found.get(0);
            }
        }
        throw new ReportException("template " + template + " (" + protocol.name().toLowerCase(java.util.Locale.ROOT)
                + ") not found: no file " + template + "_<kind>.<ext>.ftl or x" + format + "_<kind>.<ext>.ftl in " + directory
                + (scan.ignored.isEmpty() ? "" : "; ignored files not named <number>_<kind>.<ext>.ftl: " + scan.ignored));
    }

    /** Every template file, by number ({@code 2101} before {@code x101} of the same format … in name order). */
    public List<ReportTemplate> all() throws ReportException {
        List<ReportTemplate> out = new ArrayList<>();
        scan().byNumber.values().forEach(out::addAll);
        return out;
    }

    private record Scan(Map<String, List<ReportTemplate>> byNumber, List<String> ignored) {}

    private Scan scan() throws ReportException {
        if (!Files.isDirectory(directory)) {
            throw new ReportException("templates directory " + directory.toAbsolutePath() + " does not exist (metergate.templates.dir)");
        }
        Map<String, List<ReportTemplate>> byNumber = new TreeMap<>();
        List<String> ignored = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path p : files.sorted().toList()) {
                String name = p.getFileName().toString();
                if (!name.endsWith(".ftl") || !Files.isRegularFile(p)) {
                    continue;
                }
                Matcher m = FILE.matcher(name);
                if (!m.matches()) {
                    ignored.add(name);
                    continue;
                }
                String number = m.group(1) + m.group(2);
                byNumber.computeIfAbsent(number, k -> new ArrayList<>()).add(new ReportTemplate(name, number, m.group(3), m.group(4)));
            }
        } catch (IOException e) {
            throw new ReportException("cannot list templates directory " + directory + ": " + e.getMessage(), e);
        }
        return new Scan(byNumber, ignored);
    }
}
