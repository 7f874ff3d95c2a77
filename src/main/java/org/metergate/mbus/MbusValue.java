package org.metergate.mbus;

import java.math.BigDecimal;

/**
 * A decoded record value. Numbers are exact {@link BigDecimal}s in the record's unit; dates keep
 * the fields as sent (a meter may send 2000-00-00, which no {@code java.time} type can hold).
 */
public sealed interface MbusValue {

    /** The value of records without data (shared: it has no state). */
    None NONE = new None();

    /** Text form: plain decimal, ISO 8601 date/time, text, or upper-case hex for binary data. */
    String text();

    record Numeric(BigDecimal value) implements MbusValue {
        public Numeric {
            java.util.Objects.requireNonNull(value);
        }

        @Override
        public String text() {
            return value.toPlainString();
        }

        /** Numerically equal values are equal whatever their scale (54.321 == 54.3210). */
        @Override
        public boolean equals(Object o) {
            return o instanceof Numeric n && n.value.compareTo(value) == 0;
        }

        @Override
        public int hashCode() {
            return value.signum() == 0 ? 0 : value.stripTrailingZeros().hashCode();
        }
    }

    /** Data type G. */
    record Date(int year, int month, int day) implements MbusValue {
        @Override
        public String text() {
            return String.format("%04d-%02d-%02d", year, month, day);
        }
    }

    /**
     * Data types F (no seconds: {@code second} = -1) and I. {@code invalid} is the IV bit,
     * {@code summerTime} the SU bit (type F) or "time during daylight saving" bit (type I);
     * {@code calendar} holds type I's further fields and is {@link Calendar#NONE} for type F.
     */
    record DateTime(int year, int month, int day, int hour, int minute, int second, boolean invalid,
            boolean summerTime, Calendar calendar) implements MbusValue {
        public DateTime {
            java.util.Objects.requireNonNull(calendar);
        }

        public DateTime(int year, int month, int day, int hour, int minute, int second, boolean invalid,
                boolean summerTime) {
            this(year, month, day, hour, minute, second, invalid, summerTime, Calendar.NONE);
        }

        @Override
        public String text() {
            return String.format("%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute, Math.max(second, 0));
        }

        /** The flags beside the date and time in words ("invalid, summer time, Tuesday, week 47"); empty if none. */
        public String flags() {
            var parts = new java.util.ArrayList<String>();
            if (invalid) {
                parts.add("invalid");
            }
            if (summerTime) {
                parts.add("summer time");
            }
            if (calendar.dayOfWeek() > 0) {
                parts.add(java.time.DayOfWeek.of(calendar.dayOfWeek())
                        .getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH));
            }
            if (calendar.week() > 0) {
                parts.add("week " + calendar.week());
            }
            if (calendar.leapYear()) {
                parts.add("leap year");
            }
            if (calendar.dstDeviationHours() != 0) {
                parts.add(String.format("daylight-saving deviation %+d h", calendar.dstDeviationHours()));
            }
            return String.join(", ", parts);
        }
    }

    /**
     * The calendar and daylight-saving fields of data type I (EN 13757-3:2018 annex A) beyond the
     * date and time: day of week 1 = Monday … 7 = Sunday and week 1..53, each 0 = not specified;
     * the leap-year flag; and the daylight-saving deviation in whole hours, -3..+3.
     */
    record Calendar(int dayOfWeek, int week, boolean leapYear, int dstDeviationHours) {
        public static final Calendar NONE = new Calendar(0, 0, false, 0);

        public boolean isNone() {
            return equals(NONE);
        }
    }

    /** Data type J. */
    record TimeOfDay(int hour, int minute, int second) implements MbusValue {
        @Override
        public String text() {
            return String.format("%02d:%02d:%02d", hour, minute, second);
        }
    }

    record Text(String value) implements MbusValue {
        public Text {
            java.util.Objects.requireNonNull(value);
        }

        @Override
        public String text() {
            return value;
        }
    }

    record Binary(Bytes value) implements MbusValue {
        public Binary {
            java.util.Objects.requireNonNull(value);
        }

        @Override
        public String text() {
            return value.hex();
        }
    }

    /** Data field 0000 (no data) or 1000 (selection for readout). */
    record None() implements MbusValue {
        @Override
        public String text() {
            return "";
        }
    }
}
