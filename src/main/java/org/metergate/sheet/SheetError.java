package org.metergate.sheet;

/**
 * One problem in a list file.
 *
 * @param line   1-based line (sheet row), the header being line 1; 0 for the file as a whole
 * @param column the column's name as the list defines it, a spreadsheet column letter for a column
 *               without a name, or null when no one column is at fault
 * @param reason what is wrong, in words a field engineer can act on
 */
public record SheetError(int line, String column, String reason) {

    @Override
    public String toString() {
        return "line " + line + (column == null ? "" : ", " + column) + ": " + reason;
    }
}
