package org.metergate.sheet;

/**
 * One cell as read: its text and whether a spreadsheet stored it as a number (then Excel may have
 * dropped leading zeros or written a long digit string in exponent notation).
 */
public record SheetCell(String text, boolean numeric) {

    public static final SheetCell EMPTY = new SheetCell("", false);

    public SheetCell {
        text = text == null ? "" : text;
    }
}
