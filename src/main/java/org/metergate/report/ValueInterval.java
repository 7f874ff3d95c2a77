package org.metergate.report;

/** SPEC F6: all values of the period, or only the first value of each series per hour, day or month. */
public enum ValueInterval {
    ALL, HOUR, DAY, MONTH
}
