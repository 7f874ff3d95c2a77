package org.metergate.mbus;

/** Device type / medium names of EN 13757-3 table 3 (fixed header byte and VIF FD 09). */
public final class Medium {
    private static final String[] NAMES = new String[256];

    static {
        String[] n = {"Other", "Oil", "Electricity", "Gas", "Heat: Outlet", "Steam", "Warm water (30-90°C)",
            "Water", "Heat Cost Allocator", "Compressed air", "Cooling load meter: Outlet",
            "Cooling load meter: Inlet", "Heat: Inlet", "Heat / Cooling load meter", "Bus/System",
            "Unknown medium", "Irrigation water", "Water data logger", "Gas data logger",
            "Gas converter", "Calorific value", "Hot water (>=90°C)", "Cold water",
            "Dual register (hot/cold) water meter", "Pressure", "A/D converter", "Smoke detector",
            "Room sensor", "Gas detector", null, null, null, "Breaker: Electricity", "Valve (gas or water)",
            null, null, null, "Customer unit (display)", null, null, "Waste water", "Garbage",
            "Carbon dioxide", null, null, null, null, null, null, "Communication controller",
            "Unidirectional repeater", "Bidirectional repeater", null, null, "Radio converter (system side)",
            "Radio converter (meter side)", "Bus converter (meter side)"};
        for (int i = 0; i < n.length; i++) {
            NAMES[i] = n[i];
        }
        NAMES[0xFF] = "Wildcard";
        for (int i = 0; i < 256; i++) {
            if (NAMES[i] == null) {
                NAMES[i] = String.format("Reserved (0x%02X)", i);
            }
        }
    }

    private Medium() {
    }

    /** Medium of the fixed data structure (CI 73h/77h), a 4-bit code with its own table. */
    public static String fixedName(int code) {
        String[] n = {"Other", "Oil", "Electricity", "Gas", "Heat", "Steam", "Hot water", "Water",
            "Heat Cost Allocator", "Reserved", "Gas (mode 2)", "Heat (mode 2)", "Hot water (mode 2)",
            "Water (mode 2)", "Heat Cost Allocator (mode 2)", "Reserved"};
        return n[code & 0x0F];
    }

    public static String name(int code) {
        return NAMES[code & 0xFF];
    }
}
