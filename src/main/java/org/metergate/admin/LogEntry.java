package org.metergate.admin;

import java.time.Instant;

/** One row of the system log. */
public record LogEntry(long id, Instant timestamp, LogLevel level, String source, String message) {}
