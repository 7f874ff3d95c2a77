package org.metergate.keys;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.metergate.sheet.Sheet;
import org.metergate.sheet.SheetColumns;
import org.metergate.sheet.SheetError;
import org.metergate.sheet.SheetReadException;
import org.metergate.sheet.SheetReader;
import org.metergate.sheet.SheetRow;
import org.metergate.wmbus.KeyEntry;
import org.metergate.wmbus.KeyLineParser;

/**
 * Reads a key file (SPEC B4, manual 6.15) from CSV ({@code ;} or {@code ,}), XLSX or Excel 97-2003
 * XLS and validates all of it.
 * <ul>
 * <li>Header line {@code Address, Key, Manufacturer, DeviceType, Version} (any order, any case; all five
 * required), one key per line below it; blank lines skipped.</li>
 * <li>Cells as {@link KeyLineParser} reads them: Address = the meter id (up to 8 digits) or {@code -1};
 * Key = 32 hex digits; Manufacturer = 3 letters or {@code *}; DeviceType and Version = 0-255 or {@code -1}.</li>
 * <li>Every error with its line (the header is line 1), column and reason; a key is never echoed in full.
 * Several keys may share criteria (the manual's own example has two keys for every meter); the same line
 * twice (same criteria, same key) is an error on the later one.</li>
 * </ul>
 */
public final class KeyFileParser {

    public static final long DEFAULT_MAX_BYTES = 2L * 1024 * 1024;
    public static final int DEFAULT_MAX_KEYS = 10_000;
    static final String WHAT = "key file";

    private final SheetReader reader;
    private final int maxKeys;

    public KeyFileParser() {
        this(DEFAULT_MAX_BYTES, DEFAULT_MAX_KEYS);
    }

    public KeyFileParser(long maxBytes, int maxKeys) {
        this.reader = new SheetReader(WHAT, maxBytes, maxKeys);
        this.maxKeys = maxKeys;
    }

    public SheetReader reader() {
        return reader;
    }

    /** Parses and validates the whole file; never throws for bad content, every problem is in {@link KeyFile#errors()}. */
    public KeyFile parse(byte[] content) {
        Sheet sheet;
        try {
            sheet = reader.read(content);
        } catch (SheetReadException e) {
            return new KeyFile(e.format(), List.of(), List.of(new SheetError(0, null, e.getMessage())));
        }
        List<SheetError> errors = new ArrayList<>();
        if (sheet.rows().isEmpty()) {
            errors.add(new SheetError(0, null, "the file is empty: expected a header line "
                    + String.join(",", KeyLineParser.COLUMNS) + " and one line per key"));
            return new KeyFile(sheet.format(), List.of(), errors);
        }
        SheetColumns columns = SheetColumns.of(sheet.rows().get(0), WHAT, KeyLineParser.COLUMNS, KeyLineParser.COLUMNS,
                errors);
        if (columns == null || !errors.isEmpty()) {
            return new KeyFile(sheet.format(), List.of(), errors);
        }
        List<KeyFile.Line> keys = new ArrayList<>();
        Map<KeyEntry, Integer> lines = new HashMap<>();
        int last = Math.min(sheet.rows().size(), maxKeys + 1);
        for (int i = 1; i < last; i++) {
            SheetRow row = sheet.rows().get(i);
            KeyEntry entry = row(row, columns, errors);
            if (entry == null) {
                continue;
            }
            Integer earlier = lines.putIfAbsent(entry, row.line());
            if (earlier != null) {
                errors.add(new SheetError(row.line(), "Key", "duplicate: the same key with the same Address,"
                        + " Manufacturer, DeviceType and Version as line " + earlier));
                continue;
            }
            keys.add(new KeyFile.Line(row.line(), entry));
        }
        if (sheet.rows().size() == 1) {
            errors.add(new SheetError(0, null, "the key file has no keys: add one line per key below the header"));
        }
        if (sheet.truncated()) {
            errors.add(new SheetError(sheet.rows().get(sheet.rows().size() - 1).line(), null,
                    "more than " + maxKeys + " keys in one file; split the key file"));
        }
        return new KeyFile(sheet.format(), keys, errors);
    }

    private static KeyEntry row(SheetRow row, SheetColumns columns, List<SheetError> errors) {
        int before = errors.size();
        columns.checkUnnamedColumns(row, errors);
        List<String> fields = KeyLineParser.COLUMNS.stream().map(c -> columns.text(row, c)).toList();
        try {
            KeyEntry entry = KeyLineParser.parseFields(fields, row.line());
            return errors.size() > before ? null : entry;
        } catch (KeyLineParser.KeyFormatException e) {
            for (KeyLineParser.FieldError f : e.errors()) {
                String reason = f.message() + " ('" + SheetReader.shorten(f.value()) + "')";
                if (f.column().equals("Key") && columns.cell(row, "Key").numeric()) {
                    reason += "; the spreadsheet stored the key as a number: format the column as text";
                }
                errors.add(new SheetError(row.line(), f.column(), reason));
            }
            return null;
        }
    }
}
