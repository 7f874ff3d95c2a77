package org.metergate.report.delivery;

import java.util.List;

/**
 * Delivery settings that cannot be used; every problem names its field, e.g.
 * {@code "ftp.host: must not be empty"}, so the API can answer 400 with all of them at once.
 */
public class InvalidSettingsException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidSettingsException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
