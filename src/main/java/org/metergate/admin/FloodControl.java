package org.metergate.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SPEC E2 flood control: the first occurrence of a message from a source is written and opens a
 * window; repeats inside the window are counted, not written; when the window closes one summary
 * says how many were suppressed, and the next occurrence is written again and opens a new window.
 */
public final class FloodControl {

    /**
     * Beyond this many distinct live messages (e.g. failed logins from ever new addresses), further new
     * messages are not written but counted per source and summarised, so memory and the log stay bounded.
     */
    static final int MAX_TRACKED = 10_000;

    private final Duration window;
    private final Map<Key, Window> windows = new LinkedHashMap<>();
    private final Map<String, Window> overflow = new LinkedHashMap<>();

    public FloodControl(Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("flood control window must be positive");
        }
        this.window = window;
    }

    /** A summary line owed for a closed window. */
    public record Summary(LogLevel level, String source, String message, int suppressed) {
        public String text() {
            if (message == null) {
                return "Flood control: " + suppressed + " further distinct message" + (suppressed == 1 ? "" : "s")
                        + " from this source suppressed in the last minute";
            }
            return "Previous message suppressed " + suppressed + (suppressed == 1 ? " time" : " times")
                    + " in the last minute: " + message;
        }
    }

    private record Key(String source, String message) {}

    private static final class Window {
        final Instant opened;
        final LogLevel level;
        int suppressed;

        Window(Instant opened, LogLevel level) {
            this.opened = opened;
            this.level = level;
        }
    }

    /** True when this occurrence is to be written; callers close due windows first ({@link #closeDue}). */
    public synchronized boolean admit(LogLevel level, String source, String message, Instant now) {
        Key key = new Key(source, message);
        Window w = windows.get(key);
        if (w != null && now.isBefore(w.opened.plus(window))) {
            w.suppressed++;
            return false;
        }
        if (w == null && windows.size() >= MAX_TRACKED) {
            overflow.computeIfAbsent(source, k -> new Window(now, level)).suppressed++;
            return false;
        }
        windows.put(key, new Window(now, level));
        return true;
    }

    /** Closes every window that has run its time and returns the summaries owed (only where something was suppressed). */
    public synchronized List<Summary> closeDue(Instant now) {
        List<Summary> due = new ArrayList<>();
        Iterator<Map.Entry<Key, Window>> it = windows.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Key, Window> e = it.next();
            Window w = e.getValue();
            if (!now.isBefore(w.opened.plus(window))) {
                if (w.suppressed > 0) {
                    due.add(new Summary(w.level, e.getKey().source(), e.getKey().message(), w.suppressed));
                }
                it.remove();
            }
        }
        Iterator<Map.Entry<String, Window>> over = overflow.entrySet().iterator();
        while (over.hasNext()) {
            Map.Entry<String, Window> e = over.next();
            if (!now.isBefore(e.getValue().opened.plus(window))) {
                due.add(new Summary(e.getValue().level, e.getKey(), null, e.getValue().suppressed));
                over.remove();
            }
        }
        return due;
    }

    synchronized int tracked() {
        return windows.size();
    }
}
