package org.metergate.meters;

import java.util.Locale;

/** How the master addresses a meter (SPEC C1): primary address, secondary address, or enhanced secondary (wireless, via a receiver). */
public enum AddressingMode {
    PRIMARY("primary"),
    SECONDARY("secondary"),
    ESECONDARY("esecondary");

    private final String id;

    AddressingMode(String id) {
        this.id = id;
    }

    /** The name used in meter lists, the API and the database: primary, secondary, esecondary. */
    public String id() {
        return id;
    }

    /** Case-insensitive, surrounding blanks ignored ("Secondary", " PRIMARY "). */
    public static AddressingMode parse(String text) {
        if (text != null) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            for (AddressingMode m : values()) {
                if (m.id.equals(t)) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("unknown addressing mode '" + text + "' (use primary, secondary or esecondary)");
    }

    @Override
    public String toString() {
        return id;
    }
}
