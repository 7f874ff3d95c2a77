package org.metergate.meters;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything a user configures about one meter (SPEC C4). Validated on construction, so a
 * MeterSettings that exists is one the registry can store.
 *
 * @param name             MOID, a free name ("Basement, House 1"); 1..200 characters
 * @param mode             how the master addresses it
 * @param primaryAddress   0..250; required for {@link AddressingMode#PRIMARY}, optional otherwise
 * @param secondaryId      8 hex digits (upper case), the identification number; required unless primary mode
 * @param manufacturer     three-letter manufacturer flag (GWF, ELV …) or null when not yet known
 * @param version          0..255 or null
 * @param medium           device type (medium) 0..255 or null
 * @param enhancedReceiver esecondary only: the wireless receiver's secondary address (8 hex digits) or null
 * @param enhancedMeter    esecondary only: the meter's manufacturer/version/medium as sent by the receiver (8 hex) or null
 * @param busId            the bus (access interface) the meter hangs on
 * @param baud             300, 2400, 9600, 19200 or 38400: the speed the meter is read at (a serial bus switches per
 *                         meter; EN 13757-2 goes up to 38400, fast M-Bus-over-IP converters run at 19200/38400)
 * @param active           read on schedule (true) or passive (false)
 * @param multiTelegram    read follow-up telegrams (REQ_UD2 with FCB toggling) while the meter says more follow
 * @param maxTelegrams     when multi-telegram is on: 1..255 telegrams at most per readout, or 0 = auto (as many as
 *                         the meter announces, up to the safety cap {@code MultiTelegram.AUTO_CAP})
 * @param responseTimeoutMs timing override, null = bus default
 * @param retries          timing override, null = bus default
 * @param pauseMs          timing override (pause before the next request), null = bus default
 * @param listPosition     the Position text of the meter list the meter came from, or null
 */
public record MeterSettings(
        String name,
        AddressingMode mode,
        Integer primaryAddress,
        String secondaryId,
        String manufacturer,
        Integer version,
        Integer medium,
        String enhancedReceiver,
        String enhancedMeter,
        String busId,
        int baud,
        boolean active,
        boolean multiTelegram,
        int maxTelegrams,
        Integer responseTimeoutMs,
        Integer retries,
        Integer pauseMs,
        String listPosition) {

    /**
     * The manual's 300, 2400, 9600, and the EN 13757-2 speeds of fast converters: a route at 19200/38400 must be
     * able to read installed meters (a meter's speed must equal a TCP converter's fixed speed).
     */
    public static final Set<Integer> BAUD_RATES = Set.of(300, 2400, 9600, 19200, 38400);
    /** {@link #BAUD_RATES} for messages. */
    public static final String BAUD_RATES_TEXT = "300, 2400, 9600, 19200 or 38400";
    public static final int DEFAULT_BAUD = 2400;
    public static final int MAX_PRIMARY_ADDRESS = 250;
    public static final int MAX_NAME_LENGTH = 200;
    public static final int DEFAULT_MAX_TELEGRAMS = 8;
    /** Largest telegram limit; 0 = auto (SPEC A5). */
    public static final int MAX_TELEGRAMS = org.metergate.bus.MultiTelegram.MAX;
    public static final String DEFAULT_BUS = "default";

    private static final Pattern HEX8 = Pattern.compile("[0-9A-F]{8}");
    private static final Pattern MANUFACTURER = Pattern.compile("[A-Z]{3}");
    private static final Pattern BUS = Pattern.compile("[A-Za-z0-9._-]{1,40}");

    public MeterSettings {
        name = trimToNull(name);
        if (name == null) {
            throw new IllegalArgumentException("name (MOID) required");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("name longer than " + MAX_NAME_LENGTH + " characters");
        }
        Objects.requireNonNull(mode, "addressing mode required");
        secondaryId = upper(secondaryId);
        manufacturer = upper(manufacturer);
        enhancedReceiver = upper(enhancedReceiver);
        enhancedMeter = upper(enhancedMeter);
        listPosition = trimToNull(listPosition);
        busId = trimToNull(busId) == null ? DEFAULT_BUS : busId.trim();
        if (primaryAddress != null && (primaryAddress < 0 || primaryAddress > MAX_PRIMARY_ADDRESS)) {
            throw new IllegalArgumentException("primary address must be 0.." + MAX_PRIMARY_ADDRESS + ", got " + primaryAddress);
        }
        if (mode == AddressingMode.PRIMARY && primaryAddress == null) {
            throw new IllegalArgumentException("primary address required for addressing mode primary");
        }
        if (secondaryId != null && !isSecondaryId(secondaryId)) {
            throw new IllegalArgumentException("secondary address must be 8 digits (hex allowed), got '" + secondaryId + "'");
        }
        if (mode != AddressingMode.PRIMARY && secondaryId == null) {
            throw new IllegalArgumentException("secondary address required for addressing mode " + mode.id());
        }
        if (manufacturer != null && !MANUFACTURER.matcher(manufacturer).matches()) {
            throw new IllegalArgumentException("manufacturer must be three letters (e.g. GWF), got '" + manufacturer + "'");
        }
        checkByte("version", version);
        checkByte("medium", medium);
        if (enhancedReceiver != null && !HEX8.matcher(enhancedReceiver).matches()) {
            throw new IllegalArgumentException("enhanced address: receiver must be 8 hex digits, got '" + enhancedReceiver + "'");
        }
        if (enhancedMeter != null && !HEX8.matcher(enhancedMeter).matches()) {
            throw new IllegalArgumentException("enhanced address: meter part must be 8 hex digits, got '" + enhancedMeter + "'");
        }
        if (enhancedMeter != null && enhancedReceiver == null) {
            throw new IllegalArgumentException("enhanced address: meter part without receiver");
        }
        if (enhancedReceiver != null && mode != AddressingMode.ESECONDARY) {
            throw new IllegalArgumentException("enhanced address only applies to addressing mode esecondary");
        }
        if (!BUS.matcher(busId).matches()) {
            throw new IllegalArgumentException("bus id must be 1..40 letters, digits, '.', '_' or '-', got '" + busId + "'");
        }
        if (!BAUD_RATES.contains(baud)) {
            throw new IllegalArgumentException("baud rate must be " + BAUD_RATES_TEXT + ", got " + baud);
        }
        if (maxTelegrams < 0 || maxTelegrams > MAX_TELEGRAMS) {
            throw new IllegalArgumentException("maximum telegrams must be 0 (auto) or 1.." + MAX_TELEGRAMS + ", got " + maxTelegrams);
        }
        checkRange("response timeout (ms)", responseTimeoutMs, 10, 60_000);
        checkRange("retries", retries, 0, 10);
        checkRange("pause (ms)", pauseMs, 0, 60_000);
        if (listPosition != null && listPosition.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("list position longer than " + MAX_NAME_LENGTH + " characters");
        }
    }

    /** A meter from a meter list line or a minimal API call; everything else at its default. */
    public static MeterSettings of(String name, AddressingMode mode, String secondaryId, Integer primaryAddress, int baud) {
        return new MeterSettings(name, mode, primaryAddress, secondaryId, null, null, null, null, null, DEFAULT_BUS, baud,
                true, true, DEFAULT_MAX_TELEGRAMS, null, null, null, null);
    }

    /** True for 8 hex digits other than the all-F wildcard. */
    public static boolean isSecondaryId(String s) {
        return s != null && HEX8.matcher(s).matches() && !"FFFFFFFF".equals(s);
    }

    /** The 16-bit manufacturer code of the three-letter flag (EN 13757-3: ((c1-64)·32 + c2-64)·32 + c3-64), or null. */
    public Integer manufacturerCode() {
        if (manufacturer == null) {
            return null;
        }
        return ((manufacturer.charAt(0) - 64) << 10) | ((manufacturer.charAt(1) - 64) << 5) | (manufacturer.charAt(2) - 64);
    }

    /** Unique key of the identity (secondary id + manufacturer/version/medium, '?' where unknown), null without secondary id. */
    public String secondaryKey() {
        if (secondaryId == null) {
            return null;
        }
        return secondaryId + "-" + (manufacturer == null ? "?" : manufacturer) + "-"
                + (version == null ? "?" : version) + "-" + (medium == null ? "?" : medium);
    }

    /** Unique key "bus:address" for meters addressed by primary address, null otherwise. */
    public String primaryKey() {
        return mode == AddressingMode.PRIMARY ? busId + ":" + primaryAddress : null;
    }

    /**
     * True when both describe the same physical meter: same secondary id with compatible (equal or
     * unknown) manufacturer, version and medium. Wireless meters may share an id across manufacturers.
     */
    public boolean sameMeterAs(MeterSettings other) {
        return secondaryId != null && secondaryId.equals(other.secondaryId)
                && compatible(manufacturer, other.manufacturer)
                && compatible(version, other.version)
                && compatible(medium, other.medium);
    }

    /** True when both are addressed by the same primary address on the same bus. */
    public boolean samePrimaryAddressAs(MeterSettings other) {
        return primaryKey() != null && primaryKey().equals(other.primaryKey());
    }

    public MeterSettings withActive(boolean value) {
        return new MeterSettings(name, mode, primaryAddress, secondaryId, manufacturer, version, medium, enhancedReceiver,
                enhancedMeter, busId, baud, value, multiTelegram, maxTelegrams, responseTimeoutMs, retries, pauseMs, listPosition);
    }

    /** The identity a readout learnt (SPEC C2): manufacturer, version and medium. */
    public MeterSettings withIdentity(String newManufacturer, Integer newVersion, Integer newMedium) {
        return new MeterSettings(name, mode, primaryAddress, secondaryId, newManufacturer, newVersion, newMedium, enhancedReceiver,
                enhancedMeter, busId, baud, active, multiTelegram, maxTelegrams, responseTimeoutMs, retries, pauseMs, listPosition);
    }

    private static boolean compatible(Object a, Object b) {
        return a == null || b == null || a.equals(b);
    }

    private static void checkByte(String what, Integer v) {
        checkRange(what, v, 0, 255);
    }

    private static void checkRange(String what, Integer v, int min, int max) {
        if (v != null && (v < min || v > max)) {
            throw new IllegalArgumentException(what + " must be " + min + ".." + max + ", got " + v);
        }
    }

    private static String trimToNull(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    private static String upper(String s) {
        String t = trimToNull(s);
        return t == null ? null : t.toUpperCase(Locale.ROOT);
    }
}
