package org.metergate.meters;

/**
 * One problem in a meter list.
 *
 * @param line   1-based line (sheet row) of the file, the header being line 1; 0 for the file as a whole
 * @param column the column's name as the list defines it (SecondaryAddress …), or null when no one column is at fault
 * @param reason what is wrong, in words a field engineer can act on
 */
public record MeterListError(int line, String column, String reason) {

    @Override
    public String toString() {
        return "line " + line + (column == null ? "" : ", " + column) + ": " + reason;
    }
}
