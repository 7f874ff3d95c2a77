package org.metergate.bus;

/**
 * Multi-telegram readout (SPEC A5): off reads one telegram; on follows "more records follow" up to
 * {@code max} telegrams, 1..{@value #MAX}, or with {@code max} 0 (auto) for as long as the meter
 * announces more, up to the safety cap {@value #AUTO_CAP}. A configured limit is never capped.
 */
public record MultiTelegram(boolean enabled, int max) {

    /** The largest configurable limit (the meter list's and API's range). */
    public static final int MAX = 255;
    /**
     * Auto mode stops here: a meter that announces more telegrams forever must not hold the bus. Real
     * meters send 2..10; 64 telegrams are 16 KB, over 10 minutes at 300 baud.
     */
    public static final int AUTO_CAP = 64;

    public static final MultiTelegram OFF = new MultiTelegram(false, 1);
    public static final MultiTelegram AUTO = new MultiTelegram(true, 0);

    public MultiTelegram {
        if (max < 0 || max > MAX) {
            throw new IllegalArgumentException("telegram limit must be 0 (auto) .. " + MAX + ", got " + max);
        }
    }

    public int limit() {
        return !enabled ? 1 : max == 0 ? AUTO_CAP : max;
    }

    /** Auto mode: the limit is the safety cap, not the user's choice. */
    public boolean auto() {
        return enabled && max == 0;
    }
}
