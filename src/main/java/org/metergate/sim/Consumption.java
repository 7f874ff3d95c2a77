package org.metergate.sim;

import java.time.Instant;

/**
 * A consumption rate that varies over the day and the year and never drops below zero, with a
 * closed-form integral so a counter value at any instant is computed directly (no stepping), is
 * reproducible and can only grow with time.
 *
 * <p>rate(t) = average * (1 + seasonal * cos(2 pi (t - peakOfYear) / year)
 * + daily * cos(2 pi (t - peakOfDay) / day)); seasonal + daily &lt; 1 keeps it positive.
 *
 * @param average mean rate in units per hour
 * @param seasonal relative amplitude of the yearly cycle (heat and gas peak in winter)
 * @param daily relative amplitude of the daily cycle
 * @param peakHourOfDay hour (UTC) of the daily maximum
 */
record Consumption(double average, double seasonal, double daily, double peakHourOfDay) {
    static final double DAY_H = 24.0;
    static final double YEAR_H = 365.2425 * 24.0;
    /** Hours from the epoch to mid-January, the peak of the heating season. */
    static final double WINTER_PEAK_H = 14 * 24.0;

    Consumption {
        if (average < 0 || seasonal < 0 || daily < 0 || seasonal + daily >= 1) {
            throw new IllegalArgumentException("amplitudes must keep the rate positive");
        }
    }

    static double hours(Instant t) {
        return t.getEpochSecond() / 3600.0 + t.getNano() / 3.6e12;
    }

    /** Instantaneous rate in units per hour. */
    double rate(Instant t) {
        double h = hours(t);
        return average * (1 + seasonal * Math.cos(2 * Math.PI * (h - WINTER_PEAK_H) / YEAR_H)
                + daily * Math.cos(2 * Math.PI * (h - peakHourOfDay) / DAY_H));
    }

    /** Units consumed from {@code from} to {@code to} (the integral of the rate). */
    double between(Instant from, Instant to) {
        return antiderivative(hours(to)) - antiderivative(hours(from));
    }

    private double antiderivative(double h) {
        return average * (h + seasonal * YEAR_H / (2 * Math.PI) * Math.sin(2 * Math.PI * (h - WINTER_PEAK_H) / YEAR_H)
                + daily * DAY_H / (2 * Math.PI) * Math.sin(2 * Math.PI * (h - peakHourOfDay) / DAY_H));
    }
}
