package org.metergate.sim;

import java.util.Locale;
import org.metergate.mbus.Manufacturer;

/**
 * The identity and configuration of one simulated meter: everything that does not change while
 * it runs except the primary address, which a master may change (see {@link SimulatedMeter}).
 *
 * @param primaryAddress 0..250 (0 = the factory default of many meters)
 * @param id 8 identification digits; A-E are allowed because real meters carry them, and so is F,
 *     although F is the selection wildcard: such a meter is selected only by masks with the wildcard
 *     at that digit, so it cannot be selected alone when another meter shares the rest (the
 *     generated fleets never use F; tests do, to check that scans report it)
 * @param manufacturer 3-letter flag
 * @param version header version byte
 * @param kind what it measures (gives the medium and the records)
 * @param telegrams 1 for a single RSP_UD, 2..3 for a multi-telegram meter (DIF 1Fh)
 * @param seed makes the meter's values reproducible
 */
public record MeterSpec(int primaryAddress, String id, String manufacturer, int version, MeterKind kind,
        int telegrams, long seed) {

    public MeterSpec {
        if (primaryAddress < 0 || primaryAddress > 250) {
            throw new IllegalArgumentException("primary address must be 0..250: " + primaryAddress);
        }
        if (id == null || !id.matches("[0-9A-Fa-f]{8}")) {
            throw new IllegalArgumentException("id must be 8 hex digits: " + id);
        }
        id = id.toUpperCase(Locale.ROOT);
        Manufacturer.encode(manufacturer); // validates the flag
        manufacturer = manufacturer.toUpperCase(Locale.ROOT);
        if (version < 0 || version > 0xFF) {
            throw new IllegalArgumentException("version must be a byte: " + version);
        }
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        if (telegrams < 1 || telegrams > 3) {
            throw new IllegalArgumentException("telegrams must be 1..3: " + telegrams);
        }
    }

    public int medium() {
        return kind.medium();
    }

    public int manufacturerCode() {
        return Manufacturer.encode(manufacturer);
    }

    public MeterSpec withPrimaryAddress(int address) {
        return new MeterSpec(address, id, manufacturer, version, kind, telegrams, seed);
    }

    /**
     * The 8 bytes of a selection (SND_UD CI 52h) that address exactly this meter, LSB first.
     * Built here rather than with {@code mbus.SecondaryAddress}, which accepts only decimal digits.
     */
    public byte[] selectionMask() {
        byte[] b = new byte[8];
        for (int i = 0; i < 4; i++) {
            int hi = Character.digit(id.charAt(6 - 2 * i), 16);
            int lo = Character.digit(id.charAt(7 - 2 * i), 16);
            b[i] = (byte) (hi << 4 | lo);
        }
        int man = manufacturerCode();
        b[4] = (byte) man;
        b[5] = (byte) (man >> 8);
        b[6] = (byte) version;
        b[7] = (byte) medium();
        return b;
    }

    /** "12345678 KAM v1 heat": how the CLI and logs name a meter. */
    public String secondaryText() {
        return String.format("%s %s v%d %s", id, manufacturer, version, kind.name().toLowerCase(Locale.ROOT));
    }
}
