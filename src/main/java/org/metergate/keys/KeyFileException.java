package org.metergate.keys;

import java.util.List;
import org.metergate.sheet.SheetError;

/** A key file that cannot be applied; nothing of it was. Carries every error found. */
public final class KeyFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final transient List<SheetError> errors;

    public KeyFileException(List<SheetError> errors) {
        super("key file has " + errors.size() + (errors.size() == 1 ? " error" : " errors"));
        this.errors = List.copyOf(errors);
    }

    public List<SheetError> errors() {
        return errors;
    }
}
