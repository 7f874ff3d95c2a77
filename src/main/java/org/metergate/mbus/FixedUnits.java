package org.metergate.mbus;

/** Units of the fixed data structure (CI 73h/77h), 6-bit codes per counter. */
final class FixedUnits {
    private static final VifInfo[] T = new VifInfo[64];

    static {
        T[0x00] = VifInfo.plain("Time (h,m,s)");
        T[0x01] = VifInfo.plain("Date (D,M,Y)");
        for (int n = 0; n < 9; n++) {
            T[0x02 + n] = VifInfo.of("Energy", "Wh", n);
            T[0x0B + n] = VifInfo.of("Energy", "J", n + 3);
            T[0x14 + n] = VifInfo.of("Power", "W", n);
            T[0x1D + n] = VifInfo.of("Power", "J/h", n + 3);
            T[0x26 + n] = VifInfo.of("Volume", "m^3", n - 6);
            T[0x2F + n] = VifInfo.of("Volume flow", "m^3/h", n - 6);
        }
        T[0x38] = VifInfo.of("Temperature", "°C", -3);
        T[0x39] = VifInfo.plain("Units for H.C.A.");
        T[0x3E] = VifInfo.plain("Same as counter 1, historic");
        T[0x3F] = VifInfo.plain("Without units");
        for (int i = 0; i < 64; i++) {
            if (T[i] == null) {
                T[i] = VifInfo.unknown(String.format("unknown fixed unit 0x%02X", i));
            }
            T[i] = VifTables.register(T[i], VifTables.FIXED_BASE + i);
        }
    }

    private FixedUnits() {
    }

    static VifInfo of(int code) {
        return T[code & 0x3F];
    }
}
