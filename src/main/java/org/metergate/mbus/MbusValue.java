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
     * {@code summerTime} the SU bit.
     */
    record DateTime(int year, int month, int day, int hour, int minute, int second, boolean invalid,
            boolean summerTime) implements MbusValue {
        @Override
        public String text() {
            return String.format("%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute, Math.max(second, 0));
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
