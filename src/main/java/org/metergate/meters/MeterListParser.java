package org.metergate.meters;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.metergate.sheet.Sheet;
import org.metergate.sheet.SheetCell;
import org.metergate.sheet.SheetColumns;
import org.metergate.sheet.SheetError;
import org.metergate.sheet.SheetFormat;
import org.metergate.sheet.SheetReadException;
import org.metergate.sheet.SheetReader;
import org.metergate.sheet.SheetRow;

/**
 * Reads a meter list (SPEC C1) from CSV, XLSX or Excel 97-2003 XLS and validates all of it.
 *
 * <h2>Format</h2>
 * <ul>
 * <li>CSV, XLSX or XLS, recognised by content ({@link SheetReader}).</li>
 * <li>The first non-empty line is the header: {@code Position, SecondaryAddress, BaudRate,
 * AddressingMode, PrimaryAddress, EnhancedAddress}, any order, case-insensitive ({@link SheetColumns}). The
 * first four are required, PrimaryAddress and EnhancedAddress may be left out. Empty lines are skipped.</li>
 * <li>Cells: Position (the name, 1..200 characters), SecondaryAddress (8 digits, hex allowed; in a
 * spreadsheet a number cell with fewer digits gets its leading zeros back), BaudRate (300, 2400, 9600),
 * AddressingMode (primary, secondary, esecondary), PrimaryAddress (0..250, required for primary),
 * EnhancedAddress (esecondary only: the receiver's 8 hex digits, optionally followed by the meter's
 * 8 hex digits manufacturer/version/medium; blanks, '-' and ':' between them are ignored).</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * Every error is collected with its line (header = line 1, the sheet's row number in spreadsheets, the
 * record number in CSV), column and reason; file-level errors (empty, too large, not a meter list file)
 * have line 0. Duplicates within the file are errors on the later line. Bounded: at most
 * {@code maxBytes} of input and {@code maxMeters} meters.
 */
public final class MeterListParser {

    public static final long DEFAULT_MAX_BYTES = 5L * 1024 * 1024;
    public static final int DEFAULT_MAX_METERS = 10_000;

    public static final String POSITION = "Position";
    public static final String SECONDARY = "SecondaryAddress";
    public static final String BAUD = "BaudRate";
    public static final String MODE = "AddressingMode";
    public static final String PRIMARY = "PrimaryAddress";
    public static final String ENHANCED = "EnhancedAddress";
    /** The columns in the template's order. */
    public static final List<String> COLUMNS = List.of(POSITION, SECONDARY, BAUD, MODE, PRIMARY, ENHANCED);
    private static final List<String> REQUIRED = List.of(POSITION, SECONDARY, BAUD, MODE);

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,7}");
    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]+");
    private static final Pattern INTEGER = Pattern.compile("[+]?[0-9]{1,9}");

    private static final String WHAT = "meter list";

    private final SheetReader reader;
    private final int maxMeters;
    private final String busId;

    public MeterListParser() {
        this(DEFAULT_MAX_BYTES, DEFAULT_MAX_METERS, MeterSettings.DEFAULT_BUS);
    }

    /** @param busId the bus the list's meters are installed on (the list has no bus column) */
    public MeterListParser(long maxBytes, int maxMeters, String busId) {
        this.reader = new SheetReader(WHAT, maxBytes, maxMeters);
        this.maxMeters = maxMeters;
        this.busId = busId;
    }

    public long maxBytes() {
        return reader.maxBytes();
    }

    /** Reads at most maxBytes + 1 bytes from the stream, then parses; a longer stream is refused. */
    public MeterList parse(InputStream in) throws IOException {
        return parse(reader.readBounded(in));
    }

    /** Parses and validates the whole list; never throws for bad content, every problem is in {@link MeterList#errors()}. */
    public MeterList parse(byte[] content) {
        Sheet sheet;
        try {
            sheet = reader.read(content);
        } catch (SheetReadException e) {
            return fileError(format(e.format()), e.getMessage());
        }
        return validate(sheet);
    }

    private static MeterList.Format format(SheetFormat format) {
        return MeterList.Format.valueOf(format.name());
    }

    // ---- validation ---------------------------------------------------------------------------------

    private MeterList validate(Sheet sheet) {
        MeterList.Format format = format(sheet.format());
        List<SheetError> errors = new ArrayList<>();
        if (sheet.rows().isEmpty()) {
            errors.add(new SheetError(0, null, "the file is empty: expected a header line "
                    + String.join(",", COLUMNS) + " and one line per meter"));
            return list(format, List.of(), errors);
        }
        SheetColumns columns = SheetColumns.of(sheet.rows().get(0), WHAT, COLUMNS, REQUIRED, errors);
        if (columns == null) {
            return list(format, List.of(), errors);
        }
        List<MeterList.Line> meters = new ArrayList<>();
        Map<String, Integer> secondaryLines = new HashMap<>();
        Map<Integer, Integer> primaryLines = new HashMap<>();
        int last = Math.min(sheet.rows().size(), maxMeters + 1);
        for (int i = 1; i < last; i++) {
            SheetRow row = sheet.rows().get(i);
            MeterSettings meter = row(row, columns, errors);
            if (meter == null) {
                continue;
            }
            Integer earlier = secondaryLines.putIfAbsent(meter.secondaryId(), row.line());
            if (earlier != null) {
                errors.add(new SheetError(row.line(), SECONDARY, "duplicate meter: secondary address "
                        + meter.secondaryId() + " is already on line " + earlier));
                continue;
            }
            if (meter.mode() == AddressingMode.PRIMARY) {
                earlier = primaryLines.putIfAbsent(meter.primaryAddress(), row.line());
                if (earlier != null) {
                    errors.add(new SheetError(row.line(), PRIMARY, "duplicate primary address "
                            + meter.primaryAddress() + ": already used on line " + earlier));
                    continue;
                }
            }
            meters.add(new MeterList.Line(row.line(), meter));
        }
        if (sheet.rows().size() == 1) {
            errors.add(new SheetError(0, null, "the list has no meters: add one line per meter below the header"));
        }
        if (sheet.truncated()) {
            errors.add(new SheetError(sheet.rows().get(sheet.rows().size() - 1).line(), null,
                    "more than " + maxMeters + " meters in one list; split the meter list"));
        }
        return list(format, meters, errors);
    }

    private static MeterList list(MeterList.Format format, List<MeterList.Line> meters, List<SheetError> errors) {
        return new MeterList(format, meters, errors.stream()
                .map(e -> new MeterListError(e.line(), e.column(), e.reason())).toList());
    }

    private MeterSettings row(SheetRow row, SheetColumns columns, List<SheetError> errors) {
        int before = errors.size();
        int line = row.line();
        columns.checkUnnamedColumns(row, errors);
        String name = columns.text(row, POSITION);
        if (columns.has(POSITION)) {
            if (name.isEmpty()) {
                errors.add(new SheetError(line, POSITION, "empty: every meter needs a name"));
            } else if (name.length() > MeterSettings.MAX_NAME_LENGTH) {
                errors.add(new SheetError(line, POSITION, "longer than " + MeterSettings.MAX_NAME_LENGTH + " characters"));
            }
        }

        String secondary = null;
        if (columns.has(SECONDARY)) {
            SheetCell cell = columns.cell(row, SECONDARY);
            String s = cell.text().strip();
            if (s.isEmpty()) {
                errors.add(new SheetError(line, SECONDARY, "empty: every meter needs its secondary address"));
            } else {
                if (cell.numeric() && DIGITS.matcher(s).matches()) {
                    s = "0".repeat(8 - s.length()) + s; // Excel dropped the leading zeros of a number cell
                }
                s = s.toUpperCase(Locale.ROOT);
                if (!MeterSettings.isSecondaryId(s)) {
                    errors.add(new SheetError(line, SECONDARY, "bad secondary address '" + SheetReader.shorten(cell.text().strip())
                            + "': expected 8 digits (0-9, A-F), e.g. 13001651"
                            + (DIGITS.matcher(s).matches() ? "; leading zeros lost? format the column as text" : "")));
                } else {
                    secondary = s;
                }
            }
        }

        Integer baud = null;
        if (columns.has(BAUD)) {
            String b = columns.text(row, BAUD);
            if (b.isEmpty()) {
                errors.add(new SheetError(line, BAUD, "empty: use 300, 2400 or 9600"));
            } else {
                Integer v = integer(b);
                if (v == null || !MeterSettings.BAUD_RATES.contains(v)) {
                    errors.add(new SheetError(line, BAUD, "wrong baud rate '" + SheetReader.shorten(b) + "': use 300, 2400 or 9600"));
                } else {
                    baud = v;
                }
            }
        }

        AddressingMode mode = null;
        if (columns.has(MODE)) {
            String m = columns.text(row, MODE);
            if (m.isEmpty()) {
                errors.add(new SheetError(line, MODE, "empty: use primary, secondary or esecondary"));
            } else {
                try {
                    mode = AddressingMode.parse(m);
                } catch (IllegalArgumentException e) {
                    errors.add(new SheetError(line, MODE, "unknown addressing mode '" + SheetReader.shorten(m)
                            + "': use primary, secondary or esecondary"));
                }
            }
        }

        Integer primary = null;
        String p = columns.text(row, PRIMARY);
        if (!p.isEmpty()) {
            Integer v = integer(p);
            if (v == null || v > MeterSettings.MAX_PRIMARY_ADDRESS) {
                errors.add(new SheetError(line, PRIMARY, "primary address '" + SheetReader.shorten(p) + "' must be a whole number 0..250"));
            } else {
                primary = v;
            }
        } else if (mode == AddressingMode.PRIMARY) {
            errors.add(new SheetError(line, PRIMARY, "missing: required for addressing mode primary (0..250)"));
        }

        String receiver = null;
        String meterPart = null;
        String e = columns.text(row, ENHANCED);
        if (!e.isEmpty()) {
            String hex = e.replaceAll("[\\s:-]", "");
            if (!HEX.matcher(hex).matches() || (hex.length() != 8 && hex.length() != 16)) {
                errors.add(new SheetError(line, ENHANCED, "bad enhanced address '" + SheetReader.shorten(e)
                        + "': expected the receiver's 8 hex digits, optionally followed by the meter's 8"));
            } else if (mode != null && mode != AddressingMode.ESECONDARY) {
                errors.add(new SheetError(line, ENHANCED, "an enhanced address only applies to addressing mode esecondary"));
            } else {
                receiver = hex.substring(0, 8);
                meterPart = hex.length() == 16 ? hex.substring(8) : null;
            }
        }

        if (errors.size() > before || mode == null || secondary == null || baud == null || name.isEmpty()) {
            return null;
        }
        try {
            return new MeterSettings(name, mode, primary, secondary, null, null, null, receiver, meterPart, busId, baud,
                    true, true, MeterSettings.DEFAULT_MAX_TELEGRAMS, null, null, null, name);
        } catch (IllegalArgumentException invalid) {
            errors.add(new SheetError(line, null, invalid.getMessage()));
            return null;
        }
    }

    /** A whole number, also "2400.0" as some spreadsheets write number cells; null when not one. */
    private static Integer integer(String s) {
        String t = s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
        return INTEGER.matcher(t).matches() ? Integer.valueOf(t) : null;
    }

    private static MeterList fileError(MeterList.Format format, String reason) {
        return new MeterList(format, List.of(), List.of(new MeterListError(0, null, reason)));
    }
}
