package org.metergate.report.engine;

/** One invalid setting: the field (e.g. {@code reports[2].schedule}) and why. */
public record FieldError(String field, String reason) {
}
