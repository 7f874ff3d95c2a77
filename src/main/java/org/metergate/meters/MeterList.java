package org.metergate.meters;

import java.util.List;

/**
 * A parsed and validated meter list: the meters by line, and every error. Only a list without
 * errors may be installed.
 */
public record MeterList(Format format, List<Line> meters, List<MeterListError> errors) {

    /** The file types a meter list may come in. */
    public enum Format { CSV, XLSX, XLS, UNKNOWN }

    /** One meter of the list and the line it came from. */
    public record Line(int line, MeterSettings settings) {}

    public MeterList {
        meters = List.copyOf(meters);
        errors = List.copyOf(errors);
    }

    public boolean valid() {
        return errors.isEmpty();
    }
}
