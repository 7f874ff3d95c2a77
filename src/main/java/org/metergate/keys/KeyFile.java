package org.metergate.keys;

import java.util.List;
import org.metergate.sheet.SheetError;
import org.metergate.sheet.SheetFormat;
import org.metergate.wmbus.KeyEntry;

/** A parsed and validated key file: the keys by line, and every error. Only a file without errors may be applied. */
public record KeyFile(SheetFormat format, List<Line> keys, List<SheetError> errors) {

    /** One key of the file and the line it came from. */
    public record Line(int line, KeyEntry entry) {}

    public KeyFile {
        keys = List.copyOf(keys);
        errors = List.copyOf(errors);
    }

    public boolean valid() {
        return errors.isEmpty();
    }
}
