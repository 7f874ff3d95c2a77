package org.metergate.meters;

import java.util.List;

/** A meter list that cannot be installed; nothing of it was applied. Carries every error found. */
public class MeterListException extends RuntimeException {

    private final transient List<MeterListError> errors;

    public MeterListException(List<MeterListError> errors) {
        super("meter list has " + errors.size() + (errors.size() == 1 ? " error" : " errors"));
        this.errors = List.copyOf(errors);
    }

    public List<MeterListError> errors() {
        return errors;
    }
}
