package org.metergate.report;

/**
 * SPEC F6: all values of the period, or only the first value of each series per hour, day, week
 * (starting on the conventions' first day of the week, F12) or month.
 */
public enum ValueInterval {
    ALL, HOUR, DAY, WEEK, MONTH
}
