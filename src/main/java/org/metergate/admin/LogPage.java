package org.metergate.admin;

import java.util.List;

/** A page of log rows and the number of rows that match the filter in total. */
public record LogPage(List<LogEntry> entries, long total, int page, int size) {}
