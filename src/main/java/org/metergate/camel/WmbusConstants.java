package org.metergate.camel;

/** Message headers of the {@code wmbus:} component. */
public final class WmbusConstants {

    /** The receiver that heard the telegram best (its endpoint id). */
    public static final String RECEIVER = "WmbusReceiver";
    /** Its signal strength in dBm (Integer; absent when the receiver reports none). */
    public static final String RSSI = "WmbusRssi";
    /** Every receiver that heard it, strongest first: List of Reception (receiverId, rssi). */
    public static final String RECEPTIONS = "WmbusReceptions";
    /** The meter's identification number, 8 digits (absent when not even the link layer was readable). */
    public static final String METER = "WmbusMeter";
    /** The meter's manufacturer flag (3 letters). */
    public static final String MANUFACTURER = "WmbusManufacturer";
    /** The frame as received (byte[]). */
    public static final String RAW = "WmbusRaw";
    /** OK, or why it was not decoded: NO_KEY, DECRYPTION_FAILED, CRC, TRUNCATED, MALFORMED, UNSUPPORTED, ... */
    public static final String STATUS = "WmbusStatus";
    /** The error text when not OK ("no key: no key for meter ..."). */
    public static final String ERROR = "WmbusError";

    private WmbusConstants() {}
}
