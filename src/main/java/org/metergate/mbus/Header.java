package org.metergate.mbus;

import java.util.Objects;

/**
 * The fixed part in front of the data records. Fields a given CI does not carry are null / -1:
 * CI 7Ah (short header) has no id, manufacturer, version or medium; fixed structure (73h/77h) has
 * no manufacturer, version or signature. The id is kept as its 32 raw BCD bits and shown as its
 * 8 digits (a digit A-F shows as a letter).
 */
public final class Header {
    private final int idBcd;
    private final boolean hasId;
    private final int manufacturerCode;
    private final int version;
    private final int medium;
    private final int accessNumber;
    private final int status;
    private final int signature;
    private final boolean fixedStructure;

    Header(int idBcd, boolean hasId, int manufacturerCode, int version, int medium, int accessNumber, int status,
            int signature, boolean fixedStructure) {
        this.idBcd = idBcd;
        this.hasId = hasId;
        this.manufacturerCode = manufacturerCode;
        this.version = version;
        this.medium = medium;
        this.accessNumber = accessNumber;
        this.status = status;
        this.signature = signature;
        this.fixedStructure = fixedStructure;
    }

    /**
     * A variable-structure header (CI 72h) for encoding.
     *
     * @param id 8 digits (hex digits A-F allowed, as some meters use them)
     * @param manufacturer 3-letter flag
     */
    public static Header of(String id, String manufacturer, int version, int medium, int accessNumber, int status,
            int signature) {
        if (id == null || !id.matches("[0-9A-Fa-f]{8}")) {
            throw new MbusEncodeException("header id must be 8 digits: " + id);
        }
        if (version < 0 || version > 255 || medium < 0 || medium > 255 || accessNumber < 0 || accessNumber > 255
                || status < 0 || status > 255 || signature < 0 || signature > 0xFFFF) {
            throw new MbusEncodeException("header byte fields out of range");
        }
        return new Header((int) Long.parseLong(id, 16), true, Manufacturer.encode(manufacturer), version, medium,
                accessNumber, status, signature, false);
    }

    Header withAccessNumber(int access) {
        return new Header(idBcd, hasId, manufacturerCode, version, medium, access, status, signature, fixedStructure);
    }

    int idBcd() {
        return idBcd;
    }

    public String id() {
        if (!hasId) {
            return null;
        }
        char[] c = new char[8];
        for (int i = 0; i < 8; i++) {
            c[i] = Character.toUpperCase(Character.forDigit((idBcd >>> (28 - 4 * i)) & 0xF, 16));
        }
        return new String(c);
    }

    public String manufacturer() {
        return manufacturerCode < 0 ? null : Manufacturer.decode(manufacturerCode);
    }

    public int manufacturerCode() {
        return manufacturerCode;
    }

    public int version() {
        return version;
    }

    public int medium() {
        return medium;
    }

    public int accessNumber() {
        return accessNumber;
    }

    public int status() {
        return status;
    }

    public int signature() {
        return signature;
    }

    public boolean fixedStructure() {
        return fixedStructure;
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
        String id = id();
        if (id == null || manufacturerCode < 0 || version < 0 || !id.matches("[0-9A-F]{8}")) {
            throw new MbusEncodeException("header has no complete secondary address");
        }
        return new SecondaryAddress(id, manufacturerCode, version, medium);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Header h && h.idBcd == idBcd && h.hasId == hasId && h.manufacturerCode == manufacturerCode
                && h.version == version && h.medium == medium && h.accessNumber == accessNumber && h.status == status
                && h.signature == signature && h.fixedStructure == fixedStructure;
    }

    @Override
    public int hashCode() {
        return Objects.hash(idBcd, manufacturerCode, version, medium, accessNumber, status, signature);
    }

    @Override
    public String toString() {
        return "Header[id=" + id() + ", manufacturer=" + manufacturer() + ", version=" + version + ", medium="
                + mediumName() + ", accessNumber=" + accessNumber + ", status=" + status + ", signature=" + signature
                + "]";
    }
}
