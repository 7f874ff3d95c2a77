package org.metergate.sheet;

/** The file as a whole cannot be read (empty, too large, not CSV/XLSX/XLS, broken); the message says why. */
public final class SheetReadException extends Exception {

    private static final long serialVersionUID = 1L;
    private final SheetFormat format;

    SheetReadException(SheetFormat format, String reason) {
        super(reason);
        this.format = format;
    }

    public SheetFormat format() {
        return format;
    }
}
