package org.metergate.mbus;

/**
 * Date/time data types of EN 13757-3 annex A, by data field size: G (date, 16 bit), J (time,
 * 24 bit), F (date and time to the minute, 32 bit), I (date and time to the second with calendar and
 * daylight-saving fields, 48 bit).
 * Raw values are the little-endian integer of the data field.
 *
 * <p>Years are two digits plus, in F and I, optional "hundred year" bits; meters that do not set
 * those bits mean 1981..2080, the usual reading of the 7-bit year.
 */
final class DateTypes {
    private DateTypes() {
    }

    static MbusValue decode(long raw, int size) {
        return switch (size) {
            case 2 -> typeG(raw);
            case 3 -> typeJ(raw);
            case 4 -> typeF(raw);
            case 6 -> typeI(raw);
            default -> new MbusValue.Numeric(java.math.BigDecimal.valueOf(raw));
        };
    }

    private static int b(long raw, int i) {
        return (int) (raw >>> (8 * i)) & 0xFF;
    }

    private static int year(int lowByte, int highByte, int hundreds) {
        int y = ((lowByte & 0xE0) >> 5) | ((highByte & 0xF0) >> 1);
        if (hundreds > 0) {
            return 1900 + 100 * hundreds + y;
        }
        return y < 81 ? 2000 + y : 1900 + y;
    }

    static MbusValue typeG(long raw) {
        int b0 = b(raw, 0);
        int b1 = b(raw, 1);
        return new MbusValue.Date(year(b0, b1, 0), b1 & 0x0F, b0 & 0x1F);
    }

    static MbusValue typeJ(long raw) {
        return new MbusValue.TimeOfDay(b(raw, 2) & 0x1F, b(raw, 1) & 0x3F, b(raw, 0) & 0x3F);
    }

    static MbusValue typeF(long raw) {
        int b0 = b(raw, 0);
        int b1 = b(raw, 1);
        int b2 = b(raw, 2);
        int b3 = b(raw, 3);
        return new MbusValue.DateTime(year(b2, b3, (b1 >> 5) & 3), b3 & 0x0F, b2 & 0x1F, b1 & 0x1F, b0 & 0x3F, -1,
                (b0 & 0x80) != 0, (b1 & 0x80) != 0);
    }

    /**
     * Type I (CP48), byte by byte: LY, daylight-saving time, second | IV, deviation sign (1 = +),
     * minute | day of week, hour | year low bits, day | year high bits, month | deviation hours, week.
     */
    static MbusValue typeI(long raw) {
        int b0 = b(raw, 0);
        int b1 = b(raw, 1);
        int b2 = b(raw, 2);
        int b3 = b(raw, 3);
        int b4 = b(raw, 4);
        int b5 = b(raw, 5);
        int deviation = b5 >> 6;
        // most meters leave these fields 0: share the empty calendar instead of allocating one per value
        MbusValue.Calendar calendar = (b2 >> 5 | b5 | b0 & 0x80) == 0 ? MbusValue.Calendar.NONE
                : new MbusValue.Calendar(b2 >> 5, b5 & 0x3F, (b0 & 0x80) != 0, (b1 & 0x40) != 0 ? deviation : -deviation);
        return new MbusValue.DateTime(year(b3, b4, 0), b4 & 0x0F, b3 & 0x1F, b2 & 0x1F, b1 & 0x3F, b0 & 0x3F,
                (b1 & 0x80) != 0, (b0 & 0x40) != 0, calendar);
    }

    /** Inverse of {@link #decode} for the encoder; fields out of range are an encoding error. */
    static long encode(MbusValue v, int size) {
        if (size == 2 && v instanceof MbusValue.Date g) {
            int y = twoDigitYear(g.year(), false);
            check(g.month(), 15, "month");
            check(g.day(), 31, "day");
            return (g.day() | (y & 7) << 5) | (long) (g.month() | (y >> 3) << 4) << 8;
        }
        if (size == 3 && v instanceof MbusValue.TimeOfDay t) {
            check(t.hour(), 31, "hour");
            check(t.minute(), 63, "minute");
            check(t.second(), 63, "second");
            return t.second() | t.minute() << 8 | (long) t.hour() << 16;
        }
        if ((size == 4 || size == 6) && v instanceof MbusValue.DateTime t) {
            int y = twoDigitYear(t.year(), true);
            int hy = size == 4 && (t.year() < 1981 || t.year() > 2080) ? (t.year() - 1900) / 100 : 0;
            check(t.month(), 15, "month");
            check(t.day(), 31, "day");
            check(t.hour(), 31, "hour");
            check(t.minute(), 63, "minute");
            int dayByte = t.day() | (y & 7) << 5;
            int monByte = t.month() | (y >> 3) << 4;
            if (size == 4) {
                if (t.second() != -1) {
                    throw new MbusEncodeException("type F has no seconds");
                }
                if (!t.calendar().isNone()) {
                    throw new MbusEncodeException("type F has no day of week, week, leap year or deviation");
                }
                int b0 = t.minute() | (t.invalid() ? 0x80 : 0);
                int b1 = t.hour() | hy << 5 | (t.summerTime() ? 0x80 : 0);
                return b0 | b1 << 8 | (long) dayByte << 16 | (long) monByte << 24;
            }
            check(t.second(), 63, "second");
            if (t.year() < 1981 || t.year() > 2080) {
                throw new MbusEncodeException("type I year must be 1981..2080: " + t.year());
            }
            MbusValue.Calendar c = t.calendar();
            check(c.dayOfWeek(), 7, "day of week");
            check(c.week(), 63, "week");
            check(Math.abs(c.dstDeviationHours()), 3, "daylight-saving deviation hours");
            int b0 = t.second() | (t.summerTime() ? 0x40 : 0) | (c.leapYear() ? 0x80 : 0);
            int b1 = t.minute() | (c.dstDeviationHours() > 0 ? 0x40 : 0) | (t.invalid() ? 0x80 : 0);
            int b2 = t.hour() | c.dayOfWeek() << 5;
            int b5 = c.week() | Math.abs(c.dstDeviationHours()) << 6;
            return b0 | b1 << 8 | (long) b2 << 16 | (long) dayByte << 24 | (long) monByte << 32 | (long) b5 << 40;
        }
        throw new MbusEncodeException("value " + v + " does not fit a " + size + "-byte date/time field");
    }

    private static int twoDigitYear(int year, boolean hundredBits) {
        if (year >= 1981 && year <= 2080 || hundredBits && year > 2080 && year <= 2199) {
            return year % 100;
        }
        throw new MbusEncodeException("year out of range: " + year);
    }

    private static void check(int v, int max, String what) {
        if (v < 0 || v > max) {
            throw new MbusEncodeException(what + " out of range: " + v);
        }
    }
}
