package org.metergate.admin;

import java.util.Locale;

/** System log levels with the manual's numbers: -1 debug, 0 info, 1 warning, 2 error. */
public enum LogLevel {
    DEBUG(-1), INFO(0), WARNING(1), ERROR(2);

    private final int code;

    LogLevel(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LogLevel fromCode(int code) {
        for (LogLevel l : values()) {
            if (l.code == code) {
                return l;
            }
        }
        throw new IllegalArgumentException("log level must be -1 (debug), 0 (info), 1 (warning) or 2 (error), got " + code);
    }

    /** Accepts the number or the name ("warn" too). */
    public static LogLevel parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("warn")) {
            return WARNING;
        }
        for (LogLevel l : values()) {
            if (l.id().equals(t)) {
                return l;
            }
        }
        try {
            return fromCode(Integer.parseInt(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unknown log level '" + text + "' (debug, info, warning, error or -1..2)");
        }
    }
}
