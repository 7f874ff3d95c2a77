package org.metergate.wmbus;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Parses one line of the key file (SPEC B4): {@code Address,Key,Manufacturer,DeviceType,Version},
 * separated by {@code ,} or {@code ;} (Excel in Swedish locale), fields trimmed and optionally in
 * double quotes. Address: the meter id, up to 8 digits 0-9/A-F (zero-padded), or {@code -1}; Key: 32 hex digits; Manufacturer: 3 letters or
 * {@code *}; DeviceType and Version: 0-255 (decimal, or hex with {@code 0x}) or {@code -1}. All
 * field errors of a line are reported together, each with its column name.
 */
public final class KeyLineParser {
    public static final List<String> COLUMNS = List.of("Address", "Key", "Manufacturer", "DeviceType", "Version");

    /** One field error. */
    public record FieldError(int line, String column, String value, String message) {
        @Override
        public String toString() {
            return "line " + line + ", column " + column + ": " + message + " (" + value + ")";
        }
    }

    /** All field errors of a line. */
    public static final class KeyFormatException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient List<FieldError> errors;

        KeyFormatException(List<FieldError> errors) {
            super(String.join("; ", errors.stream().map(FieldError::toString).toList()));
            this.errors = List.copyOf(errors);
        }

        public List<FieldError> errors() {
            return errors;
        }
    }

    private KeyLineParser() {
    }

    /** Whether the line is the header row ({@code Address,Key,...}, case-insensitive). */
    public static boolean isHeader(String line) {
        return line.trim().toLowerCase().startsWith("address");
    }

    public static KeyEntry parse(String line, int lineNumber) throws KeyFormatException {
        String sep = line.indexOf(';') >= 0 && line.indexOf(',') < 0 ? ";" : ",";
        String[] f = line.split(sep, -1);
        List<FieldError> errors = new ArrayList<>();
        if (f.length != COLUMNS.size()) {
            errors.add(new FieldError(lineNumber, f.length < COLUMNS.size() ? COLUMNS.get(f.length) : "Version",
                    line, "expected " + COLUMNS.size() + " fields (" + String.join(sep, COLUMNS) + "), found "
                            + f.length));
            throw new KeyFormatException(errors);
        }
        return parseFields(List.of(f), lineNumber);
    }

    /**
     * Parses the five fields of a line already split into cells (a spreadsheet row): trimmed, optional
     * double quotes removed, every field error reported together.
     */
    public static KeyEntry parseFields(List<String> fields, int lineNumber) throws KeyFormatException {
        if (fields.size() != COLUMNS.size()) {
            throw new IllegalArgumentException("a key line has " + COLUMNS.size() + " fields, got " + fields.size());
        }
        List<FieldError> errors = new ArrayList<>();
        String[] f = new String[fields.size()];
        for (int i = 0; i < f.length; i++) {
            String v = fields.get(i) == null ? "" : fields.get(i).trim();
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                v = v.substring(1, v.length() - 1).trim();
            }
            f[i] = v;
        }
        String address = null;
        if (!f[0].equals("-1")) {
            // Ids are BCD by the standard, but meters whose id holds A-F exist (the scan finds them too), so
            // the id is taken as the hex digits the meter sends.
            if (f[0].matches("[0-9A-Fa-f]{1,8}")) {
                address = "0".repeat(8 - f[0].length()) + f[0].toUpperCase();
            } else {
                errors.add(new FieldError(lineNumber, "Address", f[0],
                        "must be the meter id (up to 8 digits, 0-9 or A-F) or -1"));
            }
        }
        byte[] key = null;
        if (f[1].matches("[0-9A-Fa-f]{32}")) {
            key = HexFormat.of().parseHex(f[1]);
        } else if (f[1].length() == 32) {
            int bad = 0;
            while (Character.digit(f[1].charAt(bad), 16) >= 0) {
                bad++;
            }
            errors.add(new FieldError(lineNumber, "Key", mask(f[1]), "must be 32 hex digits (0-9, A-F), found '"
                    + f[1].charAt(bad) + "' at position " + (bad + 1)));
        } else {
            errors.add(new FieldError(lineNumber, "Key", mask(f[1]), "must be 32 hex digits, found "
                    + f[1].length() + " characters"));
        }
        String manufacturer = null;
        if (!f[2].equals("*")) {
            if (f[2].matches("[A-Za-z]{3}")) {
                manufacturer = f[2].toUpperCase();
            } else {
                errors.add(new FieldError(lineNumber, "Manufacturer", f[2], "must be 3 letters or *"));
            }
        }
        int deviceType = byteOrAny(f[3], "DeviceType", lineNumber, errors);
        int version = byteOrAny(f[4], "Version", lineNumber, errors);
        if (!errors.isEmpty()) {
            throw new KeyFormatException(errors);
        }
        return new KeyEntry(address, key, manufacturer, deviceType, version, Optional.empty());
    }

    private static int byteOrAny(String v, String column, int line, List<FieldError> errors) {
        if (v.equals("-1")) {
            return -1;
        }
        try {
            int n = v.startsWith("0x") || v.startsWith("0X") ? Integer.parseInt(v.substring(2), 16)
                    : Integer.parseInt(v);
            if (n >= 0 && n <= 255) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(line, column, v, "must be 0-255 or -1"));
        return -1;
    }

    /** Never echo a (possibly almost right) key in full in an error message. */
    private static String mask(String key) {
        return key.length() <= 4 ? key : key.substring(0, 2) + "…" + key.substring(key.length() - 2);
    }
}
