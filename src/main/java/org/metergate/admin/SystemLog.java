package org.metergate.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's system log (SPEC E2): what operators see in the UI and export as CSV.
 * Every entry also goes to SLF4J, so the console shows it even when the database cannot be written.
 */
public final class SystemLog {

    private static final Logger LOG = LoggerFactory.getLogger("metergate.systemlog");

    private final SystemLogRepository repository;
    private final FloodControl flood;
    private final Clock clock;
    private volatile LogLevel minLevel;

    public SystemLog(SystemLogRepository repository, LogLevel minLevel, FloodControl flood, Clock clock) {
        this.repository = repository;
        this.minLevel = minLevel;
        this.flood = flood;
        this.clock = clock;
    }

    public void debug(String source, String message) {
        log(LogLevel.DEBUG, source, message);
    }

    public void info(String source, String message) {
        log(LogLevel.INFO, source, message);
    }

    public void warning(String source, String message) {
        log(LogLevel.WARNING, source, message);
    }

    public void error(String source, String message) {
        log(LogLevel.ERROR, source, message);
    }

    public void log(LogLevel level, String source, String message) {
        if (level.code() < minLevel.code()) {
            LOG.debug("[{}] {}", source, message);
            return;
        }
        Instant now = clock.instant();
        flushAt(now);
        if (flood.admit(level, source, message, now)) {
            write(now, level, source, message);
        }
    }

    /** Writes the summaries of flood-control windows that have closed; run periodically. */
    public void flush() {
        flushAt(clock.instant());
    }

    private void flushAt(Instant now) {
        for (FloodControl.Summary s : flood.closeDue(now)) {
            write(now, s.level(), s.source(), s.text());
        }
    }

    private void write(Instant at, LogLevel level, String source, String message) {
        switch (level) {
            case ERROR -> LOG.error("[{}] {}", source, message);
            case WARNING -> LOG.warn("[{}] {}", source, message);
            case INFO -> LOG.info("[{}] {}", source, message);
            case DEBUG -> LOG.debug("[{}] {}", source, message);
        }
        try {
            repository.insert(at, level, source, message);
        } catch (RuntimeException e) {
            LOG.warn("System log entry not stored: {}", e.getMessage());
        }
    }

    public LogLevel minLevel() {
        return minLevel;
    }

    public void setMinLevel(LogLevel level) {
        this.minLevel = level;
    }

    public LogPage find(LogQuery query) {
        return repository.find(query);
    }

    public void forEach(LogQuery query, Consumer<LogEntry> sink) {
        repository.forEach(query, sink);
    }

    /** The matching rows oldest first, read as they are consumed (close the cursor). */
    public org.metergate.store.Cursor<LogEntry> open(LogQuery query) {
        return repository.open(query);
    }
}
