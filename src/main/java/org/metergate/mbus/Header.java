package org.metergate.mbus;

/**
 * The fixed part in front of the data records. Fields a given CI does not carry are null / -1:
 * CI 7Ah (short header) has no id, manufacturer, version or medium; fixed structure (73h/77h) has
 * no manufacturer, version or signature.
 *
 * @param id the identification number as its 8 BCD digits (a digit A-F shows as a letter)
 */
public record Header(String id, String manufacturer, int manufacturerCode, int version, int medium,
        int accessNumber, int status, int signature, boolean fixedStructure) {

    /** A variable-structure header (CI 72h/76h/7Ah). */
    public Header(String id, String manufacturer, int manufacturerCode, int version, int medium,
            int accessNumber, int status, int signature) {
        this(id, manufacturer, manufacturerCode, version, medium, accessNumber, status, signature, false);
    }

    /** The medium name; the fixed structure has its own 4-bit table. */
    public String mediumName() {
        return medium < 0 ? null : fixedStructure ? Medium.fixedName(medium) : Medium.name(medium);
    }

    /** Status bits 0-1 (EN 13757-3 table 6). */
    public boolean applicationBusy() {
        return (status & 0x03) == 0x01;
    }

    public boolean applicationError() {
        return (status & 0x03) == 0x02;
    }

    public boolean alarm() {
        return (status & 0x03) == 0x03;
    }

    public boolean powerLow() {
        return (status & 0x04) != 0;
    }

    public boolean permanentError() {
        return (status & 0x08) != 0;
    }

    public boolean temporaryError() {
        return (status & 0x10) != 0;
    }

    /** The secondary address of this meter, for selecting it again. */
    public SecondaryAddress secondaryAddress() {
        if (id == null || manufacturerCode < 0 || !id.matches("[0-9A-F]{8}")) {
            throw new IllegalStateException("header has no complete secondary address");
        }
        return new SecondaryAddress(id, manufacturerCode, version, medium);
    }
}
