package org.metergate.bus;

/**
 * Multi-telegram readout (SPEC A5): off reads one telegram; on follows "more records follow"
 * up to {@code max} telegrams (0 = as many as the meter announces, capped at {@link #HARD_LIMIT}).
 */
public record MultiTelegram(boolean enabled, int max) {

    /** A meter that announces more telegrams forever must not keep the bus: the most any readout reads. */
    public static final int HARD_LIMIT = 32;

    public static final MultiTelegram OFF = new MultiTelegram(false, 1);
    public static final MultiTelegram AUTO = new MultiTelegram(true, 0);

    public MultiTelegram {
        if (max < 0 || max > HARD_LIMIT) {
            throw new IllegalArgumentException("telegram limit must be 0 (auto) .. " + HARD_LIMIT);
        }
    }

    public int limit() {
        return !enabled ? 1 : max == 0 ? HARD_LIMIT : max;
    }
}
