package org.metergate.mbus;

/**
 * Function field of the DIF (bits 4-5), plus the two special DIFs that carry manufacturer data
 * (0Fh, 1Fh) and the global readout request (7Fh), which have no function field of their own.
 */
public enum Function {
    INSTANTANEOUS("instantaneous"),
    MAXIMUM("maximum"),
    MINIMUM("minimum"),
    ERROR("value during error state"),
    MANUFACTURER_SPECIFIC("manufacturer specific"),
    MORE_RECORDS_FOLLOW("more records follow"),
    GLOBAL_READOUT("global readout request");

    private static final Function[] BY_FIELD = {INSTANTANEOUS, MAXIMUM, MINIMUM, ERROR};
    private final String label;

    Function(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static Function ofDif(int dif) {
        return BY_FIELD[(dif >> 4) & 3];
    }

    /** The two DIF bits for the four regular functions. */
    int field() {
        return switch (this) {
            case INSTANTANEOUS -> 0;
            case MAXIMUM -> 1;
            case MINIMUM -> 2;
            case ERROR -> 3;
            default -> throw new MbusEncodeException(label + " has no function field");
        };
    }
}
