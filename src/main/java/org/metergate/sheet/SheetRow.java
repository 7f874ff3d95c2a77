package org.metergate.sheet;

import java.util.Map;

/**
 * One row of a list file.
 *
 * @param line  1-based line as a user finds it: the sheet's row number in spreadsheets, the record
 *              number in CSV (a {@code sep=} line counted)
 * @param cells cell index (0 = column A) to cell; missing cells are empty
 */
public record SheetRow(int line, Map<Integer, SheetCell> cells) {

    public SheetRow {
        cells = Map.copyOf(cells);
    }

    public boolean blank() {
        return cells.values().stream().allMatch(c -> c.text().isBlank());
    }

    public SheetCell cell(int index) {
        return cells.getOrDefault(index, SheetCell.EMPTY);
    }
}
