package org.metergate.sheet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.poi.ss.util.CellReference;

/**
 * The header line of a list file: which cell holds which of the list's columns. Columns may come in
 * any order, names are case-insensitive. A column the list does not define is an error (a misspelt
 * "PrimaryAdress" must not silently drop every primary address); a column without a header name is
 * ignored as long as it holds no values.
 */
public final class SheetColumns {

    private final SheetRow header;
    private final Map<String, Integer> indexes;

    private SheetColumns(SheetRow header, Map<String, Integer> indexes) {
        this.header = header;
        this.indexes = indexes;
    }

    /**
     * Maps the header, adding its errors (unknown, repeated, missing required columns) to {@code errors}.
     *
     * @return null when the line names none of the columns: the file is not this kind of list at all
     */
    public static SheetColumns of(SheetRow header, String what, List<String> columns, List<String> required,
            List<SheetError> errors) {
        Map<String, Integer> indexes = new LinkedHashMap<>();
        List<SheetError> headerErrors = new java.util.ArrayList<>();
        for (var cell : new TreeMap<>(header.cells()).entrySet()) {
            String name = cell.getValue().text().strip().replace("\uFEFF", "");
            if (name.isEmpty()) {
                continue;
            }
            String known = columns.stream().filter(c -> c.equalsIgnoreCase(name)).findFirst().orElse(null);
            if (known == null) {
                headerErrors.add(new SheetError(header.line(), SheetReader.shorten(name),
                        "unknown column (the " + what + " has the columns " + String.join(", ", columns) + ")"));
            } else if (indexes.putIfAbsent(known, cell.getKey()) != null) {
                headerErrors.add(new SheetError(header.line(), known, "column appears twice"));
            }
        }
        if (indexes.isEmpty()) {
            errors.add(new SheetError(header.line(), null, "not a " + what + ": the header line must name the columns "
                    + String.join(",", columns)));
            return null;
        }
        errors.addAll(headerErrors);
        for (String column : required) {
            if (!indexes.containsKey(column)) {
                errors.add(new SheetError(header.line(), column, "required column missing"));
            }
        }
        return new SheetColumns(header, indexes);
    }

    public boolean has(String column) {
        return indexes.containsKey(column);
    }

    /** The row's cell of a column; empty when the column or the cell is missing. */
    public SheetCell cell(SheetRow row, String column) {
        Integer index = indexes.get(column);
        return index == null ? SheetCell.EMPTY : row.cell(index);
    }

    /** The row's text of a column, stripped. */
    public String text(SheetRow row, String column) {
        return cell(row, column).text().strip();
    }

    /** Values in a column without a header name are errors (they would otherwise be lost unseen). */
    public void checkUnnamedColumns(SheetRow row, List<SheetError> errors) {
        for (var cell : new TreeMap<>(row.cells()).entrySet()) {
            if (!indexes.containsValue(cell.getKey()) && !cell.getValue().text().isBlank()
                    && header.cell(cell.getKey()).text().isBlank()) {
                errors.add(new SheetError(row.line(), CellReference.convertNumToColString(cell.getKey()),
                        "value in a column without a header name"));
            }
        }
    }
}
