package org.metergate.sheet;

import java.util.List;

/**
 * The non-blank rows of a list file, header first.
 *
 * @param truncated more rows than the reader's limit: reading stopped after the first one too many
 */
public record Sheet(SheetFormat format, List<SheetRow> rows, boolean truncated) {

    public Sheet {
        rows = List.copyOf(rows);
    }
}
