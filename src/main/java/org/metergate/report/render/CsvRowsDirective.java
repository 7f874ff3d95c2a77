package org.metergate.report.render;

import freemarker.core.Environment;
import freemarker.template.TemplateBooleanModel;
import freemarker.template.TemplateDirectiveBody;
import freemarker.template.TemplateDirectiveModel;
import freemarker.template.TemplateException;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNumberModel;
import freemarker.template.TemplateScalarModel;
import freemarker.template.TemplateSequenceModel;
import java.io.IOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.metergate.store.ScannedReadout;
import org.metergate.store.SeriesValue;

/**
 * {@code <@csvRows columns=["secondary", "moid", "timestamp", "description", "value"]/>}: writes one line per
 * value of {@code values} (same rows, same field names, same order and value interval), the columns
 * separated by the field separator and each field quoted when it has to be (RFC 4180).
 *
 * <p>Why a directive: listing {@code values} in FreeMarker costs about 2 µs per row (every
 * {@code ${…}} is interpreted), four times the database scan itself; a value report of a large fleet
 * has millions of rows. Here each column is formatted once per meter, readout or series — whichever
 * it belongs to — and a row only writes ready strings plus its value.
 */
final class CsvRowsDirective implements TemplateDirectiveModel {

    private enum Level { METER, READOUT, SERIES, VALUE }

    private static final Set<String> READOUT = Set.of("timestamp", "timestampUtc", "readoutId");
    private static final Set<String> SERIES = Set.of("quantity", "unit", "function", "storage", "tariff", "subunit", "detail",
            "description", "seriesId");
    private static final Set<String> VALUE = Set.of("value", "exact");
    private static final Set<String> METER = Set.of("id", "meterId", "secondary", "manufacturer", "medium", "mediumCode", "version",
            "moid", "primaryAddress", "addressing", "bus", "active", "installed", "status", "statusMessage", "lastReadout",
            "lastReadoutUtc", "created", "statusByte", "statusByteHex");

    private final ReportSources sources;
    private final CsvField csv;
    private final char separator;

    CsvRowsDirective(ReportSources sources, CsvField csv, char separator) {
        this.sources = sources;
        this.csv = csv;
        this.separator = separator;
    }

    @Override
    public void execute(Environment env, @SuppressWarnings("rawtypes") Map params, TemplateModel[] loopVars,
                        TemplateDirectiveBody body) throws TemplateException, IOException {
        String[] columns = columns((TemplateModel) params.get("columns"));
        Level[] levels = new Level[columns.length];
        boolean[] decimal = new boolean[columns.length]; // "value": with the decimal separator; "exact": with '.'
        for (int i = 0; i < columns.length; i++) {
            levels[i] = level(columns[i]);
            decimal[i] = columns[i].equals("value");
        }
        // consecutive columns of one meter, readout or series are joined once into one string (a segment)
        List<int[]> segments = new java.util.ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            int j = i;
            while (levels[i] != Level.VALUE && j + 1 < columns.length && levels[j + 1] == levels[i]) {
                j++;
            }
            segments.add(new int[] {i, j});
            i = j;
        }
        int segs = segments.size();
        Level[] segLevel = new Level[segs];
        boolean[] segDecimal = new boolean[segs];
        for (int k = 0; k < segs; k++) {
            segLevel[k] = levels[segments.get(k)[0]];
            segDecimal[k] = decimal[segments.get(k)[0]];
        }
        Writer out = env.getOut();
        Iterator<ScannedReadout> readouts = sources.readouts();
        Map<Long, String[]> seriesCache = new HashMap<>();
        Formats f = sources.formats();
        long meterId = Long.MIN_VALUE;
        String[] meter = null;
        String[] readout = new String[segs];
        String[] readoutFields = new String[columns.length];
        while (readouts.hasNext()) {
            ScannedReadout r = readouts.next();
            if (r.meterId() != meterId) {
                meterId = r.meterId();
                meter = join(meterFields(sources.meter(meterId), columns, levels), segments, segLevel, Level.METER);
            }
            for (int i = 0; i < columns.length; i++) {
                if (levels[i] == Level.READOUT) {
                    readoutFields[i] = switch (columns[i]) {
                        case "timestamp" -> csv.escape(f.local(r.createdAt()));
                        case "timestampUtc" -> Formats.utc(r.createdAt());
                        default -> Long.toString(r.readoutId());
                    };
                }
            }
            readout = join(readoutFields, segments, segLevel, Level.READOUT);
            List<SeriesValue> values = r.values();
            for (int k = 0; k < values.size(); k++) {
                SeriesValue v = values.get(k);
                String[] series = seriesCache.get(v.seriesId());
                if (series == null) {
                    series = join(seriesFields(sources.series(v), columns, levels), segments, segLevel, Level.SERIES);
                    seriesCache.put(v.seriesId(), series);
                }
                for (int g = 0; g < segs; g++) {
                    if (g > 0) {
                        out.write(separator);
                    }
                    switch (segLevel[g]) {
                        case METER -> out.write(meter[g]);
                        case READOUT -> out.write(readout[g]);
                        case SERIES -> out.write(series[g]);
                        case VALUE -> writeValue(out, v, segDecimal[g], f);
                    }
                }
                out.write('\n');
            }
        }
    }

    /** The segments of one level as joined strings, by segment index. */
    private String[] join(String[] fields, List<int[]> segments, Level[] segLevel, Level level) {
        String[] out = new String[segments.size()];
        for (int g = 0; g < out.length; g++) {
            if (segLevel[g] == level) {
                int[] range = segments.get(g);
                StringBuilder b = new StringBuilder();
                for (int i = range[0]; i <= range[1]; i++) {
                    if (i > range[0]) {
                        b.append(separator);
                    }
                    b.append(fields[i]);
                }
                out[g] = b.toString();
            }
        }
        return out;
    }

    /**
     * A number's plain text has digits, '-' and one separator: it needs quotes only when that separator is
     * the field separator ('.' for "exact" with '.' as field separator). Texts are quoted as needed.
     */
    private void writeValue(Writer out, SeriesValue v, boolean decimal, Formats f) throws IOException {
        if (v.number() == null) {
            out.write(csv.escape(v.text()));
            return;
        }
        String plain = v.number().toPlainString();
        char point = decimal ? f.decimalSeparator() : '.';
        if (point == separator) {
            out.write(csv.escape(plain.replace('.', point)));
        } else if (point == '.' || plain.indexOf('.') < 0) {
            out.write(plain);
        } else if (out instanceof FastWriter w) {
            w.writeReplacing(plain, '.', point); // no second string per value
        } else {
            out.write(plain.replace('.', point));
        }
    }

    private static String[] columns(TemplateModel m) throws TemplateModelException {
        if (!(m instanceof TemplateSequenceModel seq) || seq.size() == 0) {
            throw new TemplateModelException("<@csvRows> needs columns=[\"secondary\", \"value\", …] (a list of field names)");
        }
        String[] out = new String[seq.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(seq.get(i) instanceof TemplateScalarModel s)) {
                throw new TemplateModelException("<@csvRows> column " + (i + 1) + " is not a field name");
            }
            out[i] = s.getAsString();
        }
        return out;
    }

    private static Level level(String column) throws TemplateModelException {
        if (READOUT.contains(column)) {
            return Level.READOUT;
        }
        if (SERIES.contains(column)) {
            return Level.SERIES;
        }
        if (VALUE.contains(column)) {
            return Level.VALUE;
        }
        if (METER.contains(column)) {
            return Level.METER;
        }
        throw new TemplateModelException("<@csvRows> has no column \"" + column + "\"; the fields of values are: "
                + String.join(", ", new java.util.TreeSet<>(union())));
    }

    private static Set<String> union() {
        java.util.Set<String> all = new java.util.HashSet<>(READOUT);
        all.addAll(SERIES);
        all.addAll(VALUE);
        all.addAll(METER);
        return all;
    }

    private String[] meterFields(MeterModel m, String[] columns, Level[] levels) throws TemplateModelException {
        String[] out = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            if (levels[i] == Level.METER) {
                out[i] = csv.escape(text(m.get(columns[i].equals("meterId") ? "id" : columns[i])));
            }
        }
        return out;
    }

    private String[] seriesFields(SeriesModel s, String[] columns, Level[] levels) throws TemplateModelException {
        String[] out = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            if (levels[i] == Level.SERIES) {
                out[i] = csv.escape(text(switch (columns[i]) {
                    case "quantity" -> s.quantity;
                    case "unit" -> s.unit;
                    case "function" -> s.function;
                    case "storage" -> s.storage;
                    case "tariff" -> s.tariff;
                    case "subunit" -> s.subunit;
                    case "detail" -> s.detail;
                    case "description" -> s.description;
                    default -> s.id;
                }));
            }
        }
        return out;
    }

    private static String text(TemplateModel m) throws TemplateModelException {
        if (m == null) {
            return "";
        }
        if (m instanceof TemplateScalarModel s) {
            return s.getAsString();
        }
        if (m instanceof TemplateNumberModel n) {
            return n.getAsNumber().toString();
        }
        if (m instanceof TemplateBooleanModel b) {
            return b.getAsBoolean() ? "1" : "0";
        }
        return m.toString();
    }
}
