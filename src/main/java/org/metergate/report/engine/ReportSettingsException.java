package org.metergate.report.engine;

import java.util.List;
import java.util.stream.Collectors;

/** Report settings were rejected as a whole; nothing was changed. */
public class ReportSettingsException extends RuntimeException {

    private final transient List<FieldError> errors;

    public ReportSettingsException(List<FieldError> errors) {
        super(errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).reason()
                : errors.size() + " invalid report settings: "
                + errors.stream().map(e -> e.field() + ": " + e.reason()).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
