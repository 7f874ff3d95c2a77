package org.metergate.schedule;

/**
 * The schedules offered as presets in the readout and report settings (SPEC D1, F4). Each one is
 * simply an expression of the dialect, so a preset and the same cron text behave identically.
 */
public enum Preset {
    EVERY_15_MINUTES("*/15 * * * *"),
    EVERY_30_MINUTES("*/30 * * * *"),
    HOURLY("0 * * * *"),
    EVERY_6_HOURS("0 */6 * * *"),
    DAILY("0 0 * * *"),
    /** Monday 00:00, the manual's default first day of the week. */
    WEEKLY("0 0 * * mon"),
    MONTHLY("0 0 1 * *");

    private final String expression;

    Preset(String expression) {
        this.expression = expression;
    }

    public String expression() {
        return expression;
    }
}
