package org.metergate.store;

import java.util.Objects;

/**
 * What a stored value is, apart from its meter and time: the record's quantity and unit, its function
 * ("instantaneous", "maximum" ...), storage number, tariff and subunit, and a detail that tells apart
 * records that share all of these (VIFE annotations such as "per hour", or "#2" for a repeat).
 */
public record SeriesKey(String quantity, String unit, String function, long storage, int tariff, int subunit,
                        String detail) {

    public SeriesKey {
        Objects.requireNonNull(quantity, "quantity");
        unit = unit == null ? "" : unit;
        Objects.requireNonNull(function, "function");
        detail = detail == null ? "" : detail;
        if (storage < 0 || tariff < 0 || subunit < 0) {
            throw new IllegalArgumentException("storage, tariff and subunit must be >= 0");
        }
    }

    /** The current value of a quantity: instantaneous, storage 0, tariff 0, subunit 0. */
    public static SeriesKey current(String quantity, String unit) {
        return new SeriesKey(quantity, unit, "instantaneous", 0, 0, 0, "");
    }
}
