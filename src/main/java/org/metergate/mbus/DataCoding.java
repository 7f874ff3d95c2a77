package org.metergate.mbus;

/** Data field of the DIF (EN 13757-3 table 4): how many bytes follow and how to read them. */
public enum DataCoding {
    NONE(0x0, 0),
    INT8(0x1, 1),
    INT16(0x2, 2),
    INT24(0x3, 3),
    INT32(0x4, 4),
    REAL32(0x5, 4),
    INT48(0x6, 6),
    INT64(0x7, 8),
    SELECTION_FOR_READOUT(0x8, 0),
    BCD2(0x9, 1),
    BCD4(0xA, 2),
    BCD6(0xB, 3),
    BCD8(0xC, 4),
    /** LVAR byte then text, BCD or binary of the length it gives. */
    VARIABLE(0xD, -1),
    BCD12(0xE, 6),
    /** Manufacturer specific data to the end of the telegram (DIF 0Fh / 1Fh). */
    MANUFACTURER(0xF, -1);

    private static final DataCoding[] BY_CODE = values();
    private final int code;
    private final int size;

    DataCoding(int code, int size) {
        this.code = code;
        this.size = size;
    }

    public int code() {
        return code;
    }

    /** Fixed data size in bytes, -1 when variable. */
    public int size() {
        return size;
    }

    public boolean isBcd() {
        return this == BCD2 || this == BCD4 || this == BCD6 || this == BCD8 || this == BCD12;
    }

    public boolean isInteger() {
        return (code >= 1 && code <= 4) || code == 6 || code == 7;
    }

    static DataCoding of(int dif) {
        return BY_CODE[dif & 0x0F];
    }
}
