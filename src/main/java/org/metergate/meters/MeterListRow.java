package org.metergate.meters;

import static org.metergate.meters.MeterListParser.ACTIVE;
import static org.metergate.meters.MeterListParser.BAUD;
import static org.metergate.meters.MeterListParser.BUS;
import static org.metergate.meters.MeterListParser.ENHANCED;
import static org.metergate.meters.MeterListParser.LIST_POSITION;
import static org.metergate.meters.MeterListParser.MANUFACTURER;
import static org.metergate.meters.MeterListParser.MAX_TELEGRAMS;
import static org.metergate.meters.MeterListParser.MEDIUM;
import static org.metergate.meters.MeterListParser.MODE;
import static org.metergate.meters.MeterListParser.MULTI_TELEGRAM;
import static org.metergate.meters.MeterListParser.PAUSE_MS;
import static org.metergate.meters.MeterListParser.POSITION;
import static org.metergate.meters.MeterListParser.PRIMARY;
import static org.metergate.meters.MeterListParser.RESPONSE_TIMEOUT_MS;
import static org.metergate.meters.MeterListParser.RETRIES;
import static org.metergate.meters.MeterListParser.SECONDARY;
import static org.metergate.meters.MeterListParser.VERSION;

import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.regex.Pattern;
import org.metergate.sheet.SheetCell;
import org.metergate.sheet.SheetColumns;
import org.metergate.sheet.SheetError;
import org.metergate.sheet.SheetReader;
import org.metergate.sheet.SheetRow;

/**
 * Reads one line of a meter list into {@link MeterSettings}: every cell is checked and every problem
 * added to the errors with its line and column. An optional column that is absent, or an empty cell
 * of it, gives what a list without that column always gave (the caller's bus, identity unknown,
 * active, multi-telegram with the default maximum, the bus's timing, Position as list position) —
 * except ListPosition, whose empty cell means "no list position" so an export of meters that never
 * came from a list imports as it was.
 */
final class MeterListRow {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,7}");
    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]+");
    private static final Pattern INTEGER = Pattern.compile("[+]?[0-9]{1,9}");
    private static final Pattern LETTERS3 = Pattern.compile("[A-Za-z]{3}");

    private final SheetColumns columns;
    private final String defaultBus;
    private final SortedSet<String> buses;
    private final List<SheetError> errors;

    /** @param buses the bus ids the Bus column may name, the default bus among them */
    MeterListRow(SheetColumns columns, String defaultBus, SortedSet<String> buses, List<SheetError> errors) {
        this.columns = columns;
        this.defaultBus = defaultBus;
        this.buses = buses;
        this.errors = errors;
    }

    /** The line's meter, or null when any of its cells is wrong (then the errors say why). */
    MeterSettings read(SheetRow row) {
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
        String secondary = secondary(row, peekMode(row));
        Integer baud = baud(row);
        AddressingMode mode = mode(row);
        Integer primary = primary(row, mode);
        String[] enhanced = enhanced(row, mode);
        String bus = bus(row);
        String manufacturer = manufacturer(row);
        Integer version = whole(row, VERSION, 0, 255, null);
        Integer medium = whole(row, MEDIUM, 0, 255, null);
        Boolean active = bool(row, ACTIVE);
        Boolean multiTelegram = bool(row, MULTI_TELEGRAM);
        Integer maxTelegrams = whole(row, MAX_TELEGRAMS, 0, MeterSettings.MAX_TELEGRAMS, MeterSettings.DEFAULT_MAX_TELEGRAMS);
        Integer responseTimeout = whole(row, RESPONSE_TIMEOUT_MS, 10, 60_000, null);
        Integer retries = whole(row, RETRIES, 0, 10, null);
        Integer pause = whole(row, PAUSE_MS, 0, 60_000, null);
        String listPosition = listPosition(row, name);

        if (errors.size() > before || mode == null || baud == null || name.isEmpty()
                || (secondary == null && mode != AddressingMode.PRIMARY)) {
            return null;
        }
        try {
            return new MeterSettings(name, mode, primary, secondary, manufacturer, version, medium, enhanced[0], enhanced[1],
                    bus, baud, active == null || active, multiTelegram == null || multiTelegram, maxTelegrams,
                    responseTimeout, retries, pause, listPosition);
        } catch (IllegalArgumentException invalid) {
            errors.add(new SheetError(line, null, invalid.getMessage()));
            return null;
        }
    }

    private AddressingMode peekMode(SheetRow row) {
        try {
            return AddressingMode.parse(columns.text(row, MODE));
        } catch (IllegalArgumentException e) {
            return null; // reported where the column is read
        }
    }

    /** Required unless the meter is addressed by primary address: a scanned primary meter may have none. */
    private String secondary(SheetRow row, AddressingMode mode) {
        if (!columns.has(SECONDARY)) {
            return null;
        }
        SheetCell cell = columns.cell(row, SECONDARY);
        String s = cell.text().strip();
        if (s.isEmpty()) {
            if (mode != AddressingMode.PRIMARY) {
                errors.add(new SheetError(row.line(), SECONDARY,
                        "empty: every meter needs its secondary address (only primary addressing may go without)"));
            }
            return null;
        }
        if (cell.numeric() && DIGITS.matcher(s).matches()) {
            s = "0".repeat(8 - s.length()) + s; // Excel dropped the leading zeros of a number cell
        }
        s = s.toUpperCase(Locale.ROOT);
        if (!MeterSettings.isSecondaryId(s)) {
            errors.add(new SheetError(row.line(), SECONDARY, "bad secondary address '" + SheetReader.shorten(cell.text().strip())
                    + "': expected 8 digits (0-9, A-F), e.g. 13001651"
                    + (DIGITS.matcher(s).matches() ? "; leading zeros lost? format the column as text" : "")));
            return null;
        }
        return s;
    }

    private Integer baud(SheetRow row) {
        if (!columns.has(BAUD)) {
            return null;
        }
        String b = columns.text(row, BAUD);
        if (b.isEmpty()) {
            errors.add(new SheetError(row.line(), BAUD, "empty: use " + MeterSettings.BAUD_RATES_TEXT));
            return null;
        }
        Integer v = integer(b);
        if (v == null || !MeterSettings.BAUD_RATES.contains(v)) {
            errors.add(new SheetError(row.line(), BAUD, "wrong baud rate '" + SheetReader.shorten(b) + "': use " + MeterSettings.BAUD_RATES_TEXT));
            return null;
        }
        return v;
    }

    private AddressingMode mode(SheetRow row) {
        if (!columns.has(MODE)) {
            return null;
        }
        String m = columns.text(row, MODE);
        if (m.isEmpty()) {
            errors.add(new SheetError(row.line(), MODE, "empty: use primary, secondary or esecondary"));
            return null;
        }
        try {
            return AddressingMode.parse(m);
        } catch (IllegalArgumentException e) {
            errors.add(new SheetError(row.line(), MODE, "unknown addressing mode '" + SheetReader.shorten(m)
                    + "': use primary, secondary or esecondary"));
            return null;
        }
    }

    private Integer primary(SheetRow row, AddressingMode mode) {
        String p = columns.text(row, PRIMARY);
        if (!p.isEmpty()) {
            Integer v = integer(p);
            if (v == null || v > MeterSettings.MAX_PRIMARY_ADDRESS) {
                errors.add(new SheetError(row.line(), PRIMARY, "primary address '" + SheetReader.shorten(p)
                        + "' must be a whole number 0..250"));
                return null;
            }
            return v;
        }
        if (mode == AddressingMode.PRIMARY) {
            errors.add(new SheetError(row.line(), PRIMARY, "missing: required for addressing mode primary (0..250)"));
        }
        return null;
    }

    /** {receiver, meter part}, each null when absent. */
    private String[] enhanced(SheetRow row, AddressingMode mode) {
        String e = columns.text(row, ENHANCED);
        if (e.isEmpty()) {
            return new String[2];
        }
        String hex = e.replaceAll("[\\s:-]", "");
        if (!HEX.matcher(hex).matches() || (hex.length() != 8 && hex.length() != 16)) {
            errors.add(new SheetError(row.line(), ENHANCED, "bad enhanced address '" + SheetReader.shorten(e)
                    + "': expected the receiver's 8 hex digits, optionally followed by the meter's 8"));
        } else if (mode != null && mode != AddressingMode.ESECONDARY) {
            errors.add(new SheetError(row.line(), ENHANCED, "an enhanced address only applies to addressing mode esecondary"));
        } else {
            return new String[] {hex.substring(0, 8), hex.length() == 16 ? hex.substring(8) : null};
        }
        return new String[2];
    }

    private String bus(SheetRow row) {
        String b = columns.text(row, BUS);
        if (b.isEmpty()) {
            return defaultBus;
        }
        if (!buses.contains(b)) {
            errors.add(new SheetError(row.line(), BUS, "unknown bus '" + SheetReader.shorten(b) + "': the configured buses are "
                    + String.join(", ", buses)));
            return defaultBus;
        }
        return b;
    }

    private String manufacturer(SheetRow row) {
        String m = columns.text(row, MANUFACTURER);
        if (m.isEmpty()) {
            return null;
        }
        if (!LETTERS3.matcher(m).matches()) {
            errors.add(new SheetError(row.line(), MANUFACTURER, "manufacturer '" + SheetReader.shorten(m)
                    + "' must be the three-letter flag, e.g. GWF"));
            return null;
        }
        return m.toUpperCase(Locale.ROOT);
    }

    /** A whole number min..max; {@code empty} when the column is absent or the cell empty. */
    private Integer whole(SheetRow row, String column, int min, int max, Integer empty) {
        String v = columns.text(row, column);
        if (v.isEmpty()) {
            return empty;
        }
        Integer n = integer(v);
        if (n == null || n < min || n > max) {
            errors.add(new SheetError(row.line(), column, "'" + SheetReader.shorten(v) + "' must be a whole number "
                    + min + ".." + max + (empty == null ? " or empty" : " (empty: " + empty + ")")));
            return empty;
        }
        return n;
    }

    /** true / false (any case, as spreadsheets write booleans); null when absent or empty. */
    private Boolean bool(SheetRow row, String column) {
        String v = columns.text(row, column);
        if (v.isEmpty()) {
            return null;
        }
        if (v.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (v.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        errors.add(new SheetError(row.line(), column, "'" + SheetReader.shorten(v) + "': use true or false (empty: true)"));
        return null;
    }

    private String listPosition(SheetRow row, String name) {
        if (!columns.has(LIST_POSITION)) {
            return name;
        }
        String p = columns.text(row, LIST_POSITION);
        if (p.length() > MeterSettings.MAX_NAME_LENGTH) {
            errors.add(new SheetError(row.line(), LIST_POSITION, "longer than " + MeterSettings.MAX_NAME_LENGTH + " characters"));
            return null;
        }
        return p.isEmpty() ? null : p;
    }

    /** A whole number, also "2400.0" as some spreadsheets write number cells; null when not one. */
    private static Integer integer(String s) {
        String t = s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
        return INTEGER.matcher(t).matches() ? Integer.valueOf(t) : null;
    }
}
