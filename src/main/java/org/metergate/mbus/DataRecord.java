package org.metergate.mbus;

import java.util.List;

/**
 * One data record of the variable data structure (or one counter of the fixed structure).
 *
 * @param storage storage number (0 = current value), up to 41 bits from DIF + 10 DIFEs
 * @param subunit the "device" / subunit number from the DIFE chain
 * @param quantity what is measured, e.g. "Volume"; "unknown VIF 0x.." for codes not in the tables
 * @param unit SI-style unit the value is expressed in ("" when dimensionless)
 * @param annotations descriptions of combinable VIFEs ("per hour", "error: data overflow" ...)
 * @param dib the DIF and DIFE bytes as sent
 * @param vib the VIF and VIFE bytes as sent (with plain-text VIF, including the text)
 * @param data the data field bytes as sent (with LVAR, including the LVAR byte)
 */
public record DataRecord(Function function, long storage, int tariff, int subunit, DataCoding coding,
        String quantity, String unit, MbusValue value, List<String> annotations,
        Bytes dib, Bytes vib, Bytes data) {

    public DataRecord {
        annotations = List.copyOf(annotations);
    }

    /** DIF/DIFE + VIF/VIFE + data: the record exactly as on the wire. */
    public Bytes raw() {
        byte[] b = new byte[dib.length() + vib.length() + data.length()];
        dib.copyTo(b, 0);
        vib.copyTo(b, dib.length());
        data.copyTo(b, dib.length() + vib.length());
        return Bytes.view(b, 0, b.length);
    }

    /** The first DIF byte; -1 for a fixed-structure counter, which has none. */
    public int dif() {
        return dib.isEmpty() ? -1 : dib.get(0);
    }

    public boolean isManufacturerData() {
        return coding == DataCoding.MANUFACTURER;
    }

    /**
     * Builds a record for encoding (simulator, tests): computes the wire bytes canonically (the
     * shortest DIFE chain) and the quantity/unit from the VIB, so that decoding the encoded record
     * gives back an equal record.
     *
     * @param vib VIF and VIFE bytes, e.g. {@code Bytes.ofHex("13")} for volume in litres
     * @param value the value in the unit the VIB gives (it is divided back to the raw number)
     */
    public static DataRecord of(Function function, long storage, int tariff, int subunit, DataCoding coding,
            Bytes vib, MbusValue value) {
        return RecordEncoder.build(function, storage, tariff, subunit, coding, vib, value);
    }

    /** A manufacturer-specific block (DIF 0Fh, or 1Fh when more records follow in the next telegram). */
    public static DataRecord manufacturerData(Bytes payload, boolean moreRecordsFollow) {
        byte[] dif = {(byte) (moreRecordsFollow ? 0x1F : 0x0F)};
        return new DataRecord(moreRecordsFollow ? Function.MORE_RECORDS_FOLLOW : Function.MANUFACTURER_SPECIFIC,
                0, 0, 0, DataCoding.MANUFACTURER, "Manufacturer specific", "", new MbusValue.Binary(payload),
                List.of(), Bytes.view(dif, 0, 1), Bytes.EMPTY, payload);
    }
}
