package org.metergate.bus;

/**
 * The timing set a bus uses for one readout (SPEC A6, the manual's table 8): it depends on the line
 * speed the meter is read at (character times, EN 13757-2 answer window) and on whether the meter is
 * read single- or multi-telegram. A meter's own overrides go on top ({@link ReadoutRequest#timing}).
 */
@FunctionalInterface
public interface TimingProfile {

    BusTiming timing(int baud, boolean multiTelegram);

    /** The same timing for every speed and mode (the CLI tools and tests that set one explicitly). */
    static TimingProfile fixed(BusTiming timing) {
        return (baud, multi) -> timing;
    }
}
