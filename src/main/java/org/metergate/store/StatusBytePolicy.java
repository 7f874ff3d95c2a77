package org.metergate.store;

import java.util.Locale;

/**
 * When a readout's M-Bus status byte goes into the meter log (SPEC E4). The byte itself is always kept
 * with the raw telegrams; this decides only what the readout log shows.
 */
public enum StatusBytePolicy {
    ALWAYS, NEVER, ON_CHANGE, ON_ERROR;

    public static final StatusBytePolicy DEFAULT = ON_CHANGE;

    /**
     * @param previous the status byte of the meter's previous readout that had one, null if none
     * @param current  this readout's status byte, null when no telegram was decoded (never logged)
     */
    public boolean logs(Integer previous, Integer current) {
        if (current == null) {
            return false;
        }
        return switch (this) {
            case ALWAYS -> true;
            case NEVER -> false;
            case ON_CHANGE -> !current.equals(previous);
            case ON_ERROR -> isError(current);
        };
    }

    /**
     * EN 13757-3 table 6: application error or alarm (bits 0-1 = 10b / 11b), power low, permanent or
     * temporary error (bits 2-4). "Busy" (01b) and the manufacturer bits 5-7 are not errors.
     */
    public static boolean isError(int status) {
        return (status & 0x03) >= 2 || (status & 0x1C) != 0;
    }

    /** Parses "always", "never", "on change", "on-change", "ON_ERROR" ... */
    public static StatusBytePolicy parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        try {
            return valueOf(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("status byte logging must be always, never, on change or on error: " + text);
        }
    }
}
