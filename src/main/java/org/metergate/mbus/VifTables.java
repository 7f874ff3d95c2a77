package org.metergate.mbus;

/**
 * The code tables of EN 13757-3:2013: primary VIF (table 10), the main extension table after FDh
 * (table 14), the alternate extension table after FBh (table 12) and the combinable VIFE codes
 * (tables 15/16, including record error codes). Built once into arrays so decoding a record does
 * not allocate for the table lookup.
 */
final class VifTables {
    /**
     * Every table entry by index: 0-127 primary, 128-255 FD, 256-383 FB, 384-447 fixed structure
     * units (filled by {@link FixedUnits}), 448+ special entries.
     */
    static final VifInfo[] ALL = new VifInfo[512];
    static final int FIXED_BASE = 384;
    /** Index range for infos made while decoding, kept per telegram ({@link RecordList}). */
    static final int DYNAMIC_BASE = 1024;

    private static final VifInfo[] PRIMARY = new VifInfo[128];
    private static final VifInfo[] FD = new VifInfo[128];
    private static final VifInfo[] FB = new VifInfo[128];
    private static final String[] VIFE = new String[128];

    private VifTables() {
    }

    static final VifInfo MANUFACTURER = register(VifInfo.plain("Manufacturer specific"), 448);
    static final VifInfo GLOBAL_READOUT = register(VifInfo.plain("Global readout request"), 449);
    /** 7Bh/7Dh without extension bit name no table entry (EN 13757-3 table 10). */
    static final VifInfo UNKNOWN_7B = register(VifInfo.unknown("unknown VIF 0x7B"), 450);
    static final VifInfo UNKNOWN_7D = register(VifInfo.unknown("unknown VIF 0x7D"), 451);

    static VifInfo register(VifInfo info, int index) {
        VifInfo v = info.withIndex(index);
        ALL[index] = v;
        return v;
    }

    static VifInfo primary(int code) {
        return PRIMARY[code & 0x7F];
    }

    static VifInfo fd(int code) {
        return FD[code & 0x7F];
    }

    static VifInfo fb(int code) {
        return FB[code & 0x7F];
    }

    /** Description of a combinable (orthogonal) VIFE, e.g. "per hour" or "error: data overflow". */
    static String vife(int code) {
        return VIFE[code & 0x7F];
    }

    private static void range(VifInfo[] t, int from, int count, String quantity, String unit, int exp0) {
        for (int n = 0; n < count; n++) {
            t[from + n] = VifInfo.of(quantity, unit, exp0 + n);
        }
    }

    private static void durations(VifInfo[] t, int from, String quantity) {
        for (int n = 0; n < 4; n++) {
            t[from + n] = VifInfo.duration(quantity, n);
        }
    }

    static {
        VifInfo[] p = PRIMARY;
        range(p, 0x00, 8, "Energy", "Wh", -3);
        range(p, 0x08, 8, "Energy", "J", 0);
        range(p, 0x10, 8, "Volume", "m^3", -6);
        range(p, 0x18, 8, "Mass", "kg", -3);
        durations(p, 0x20, "On time");
        durations(p, 0x24, "Operating time");
        range(p, 0x28, 8, "Power", "W", -3);
        range(p, 0x30, 8, "Power", "J/h", 0);
        range(p, 0x38, 8, "Volume flow", "m^3/h", -6);
        range(p, 0x40, 8, "Volume flow", "m^3/min", -7);
        range(p, 0x48, 8, "Volume flow", "m^3/s", -9);
        range(p, 0x50, 8, "Mass flow", "kg/h", -3);
        range(p, 0x58, 4, "Flow temperature", "°C", -3);
        range(p, 0x5C, 4, "Return temperature", "°C", -3);
        range(p, 0x60, 4, "Temperature difference", "K", -3);
        range(p, 0x64, 4, "External temperature", "°C", -3);
        range(p, 0x68, 4, "Pressure", "bar", -3);
        p[0x6C] = VifInfo.time("Time point (date)");
        p[0x6D] = VifInfo.time("Time point (date & time)");
        p[0x6E] = VifInfo.plain("Units for H.C.A.");
        durations(p, 0x70, "Averaging duration");
        durations(p, 0x74, "Actuality duration");
        p[0x78] = VifInfo.plain("Fabrication No");
        p[0x79] = VifInfo.plain("(Enhanced) Identification");
        p[0x7A] = VifInfo.plain("Bus address");
        p[0x7E] = VifInfo.plain("Any VIF");
        p[0x7F] = VifInfo.plain("Manufacturer specific");

        VifInfo[] d = FD;
        range(d, 0x00, 4, "Credit", "currency units", -3);
        range(d, 0x04, 4, "Debit", "currency units", -3);
        String[] names = {"Access number", "Medium", "Manufacturer", "Parameter set identification",
            "Model / Version", "Hardware version", "Firmware version", "Software version",
            "Customer location", "Customer", "Access code user", "Access code operator",
            "Access code system operator", "Access code developer", "Password", "Error flags",
            "Error mask", "Security key", "Digital output", "Digital input"};
        for (int i = 0; i < names.length; i++) {
            d[0x08 + i] = VifInfo.plain(names[i]);
        }
        d[0x1C] = VifInfo.of("Baud rate", "Bd", 0);
        d[0x1D] = VifInfo.of("Response delay time", "bit times", 0);
        d[0x1E] = VifInfo.plain("Retry");
        d[0x1F] = VifInfo.plain("Remote control");
        d[0x20] = VifInfo.plain("First storage number for cyclic storage");
        d[0x21] = VifInfo.plain("Last storage number for cyclic storage");
        d[0x22] = VifInfo.plain("Size of storage block");
        d[0x23] = VifInfo.plain("Descriptor for tariff and subunit");
        durations(d, 0x24, "Storage interval");
        d[0x28] = VifInfo.of("Storage interval", "month", 0);
        d[0x29] = VifInfo.of("Storage interval", "year", 0);
        d[0x2A] = VifInfo.plain("Operator specific data");
        d[0x2B] = VifInfo.of("Time point second", "s", 0);
        durations(d, 0x2C, "Duration since last readout");
        d[0x30] = VifInfo.time("Start of tariff");
        for (int n = 1; n < 4; n++) {
            d[0x30 + n] = VifInfo.duration("Duration of tariff", n);
        }
        durations(d, 0x34, "Period of tariff");
        d[0x38] = VifInfo.of("Period of tariff", "month", 0);
        d[0x39] = VifInfo.of("Period of tariff", "year", 0);
        d[0x3A] = VifInfo.plain("Dimensionless");
        d[0x3B] = VifInfo.plain("Data container for wireless M-Bus protocol");
        range(d, 0x40, 16, "Voltage", "V", -9);
        range(d, 0x50, 16, "Current", "A", -12);
        String[] names2 = {"Reset counter", "Cumulation counter", "Control signal", "Day of week",
            "Week number", "Time point of day change", "State of parameter activation",
            "Special supplier information"};
        for (int i = 0; i < names2.length; i++) {
            d[0x60 + i] = VifInfo.plain(names2[i]);
        }
        d[0x68] = VifInfo.duration("Duration since last cumulation", 2);
        d[0x69] = VifInfo.duration("Duration since last cumulation", 3);
        d[0x6A] = VifInfo.of("Duration since last cumulation", "month", 0);
        d[0x6B] = VifInfo.of("Duration since last cumulation", "year", 0);
        d[0x6C] = VifInfo.duration("Operating time battery", 2);
        d[0x6D] = VifInfo.duration("Operating time battery", 3);
        d[0x6E] = VifInfo.of("Operating time battery", "month", 0);
        d[0x6F] = VifInfo.of("Operating time battery", "year", 0);
        d[0x70] = VifInfo.time("Date and time of battery change");
        d[0x71] = VifInfo.of("RF level", "dBm", 0);
        d[0x72] = VifInfo.plain("Daylight saving");
        d[0x73] = VifInfo.plain("Listening window management");
        d[0x74] = VifInfo.duration("Remaining battery life time", 3);
        d[0x75] = VifInfo.plain("Number of times the meter was stopped");
        d[0x76] = VifInfo.plain("Data container for manufacturer specific protocol");

        VifInfo[] b = FB;
        range(b, 0x00, 2, "Energy", "Wh", 5);
        range(b, 0x02, 2, "Reactive energy", "VARh", 2);
        range(b, 0x08, 2, "Energy", "J", 8);
        range(b, 0x0C, 4, "Energy", "cal", 5);
        range(b, 0x10, 2, "Volume", "m^3", 2);
        range(b, 0x18, 2, "Mass", "kg", 5);
        range(b, 0x1A, 2, "Relative humidity", "%", -1);
        b[0x21] = VifInfo.of("Volume", "ft^3", -1);
        range(b, 0x22, 2, "Volume", "US gal", -1);
        b[0x24] = VifInfo.of("Volume flow", "US gal/min", -3);
        b[0x25] = VifInfo.of("Volume flow", "US gal/min", 0);
        b[0x26] = VifInfo.of("Volume flow", "US gal/h", 0);
        range(b, 0x28, 2, "Power", "W", 5);
        b[0x2A] = VifInfo.of("Phase U-U", "°", -1);
        b[0x2B] = VifInfo.of("Phase U-I", "°", -1);
        range(b, 0x2C, 4, "Frequency", "Hz", -3);
        range(b, 0x30, 2, "Power", "J/h", 8);
        range(b, 0x58, 4, "Flow temperature", "°F", -3);
        range(b, 0x5C, 4, "Return temperature", "°F", -3);
        range(b, 0x60, 4, "Temperature difference", "°F", -3);
        range(b, 0x64, 4, "External temperature", "°F", -3);
        range(b, 0x70, 4, "Cold / warm temperature limit", "°F", -3);
        range(b, 0x74, 4, "Cold / warm temperature limit", "°C", -3);
        range(b, 0x78, 8, "Cumulative count max power", "W", -3);

        for (int i = 0; i < 128; i++) {
            if (PRIMARY[i] == null) {
                PRIMARY[i] = VifInfo.unknown(String.format("unknown VIF 0x%02X", i));
            }
            if (FD[i] == null) {
                FD[i] = VifInfo.unknown(String.format("unknown VIF 0xFD 0x%02X", i));
            }
            if (FB[i] == null) {
                FB[i] = VifInfo.unknown(String.format("unknown VIF 0xFB 0x%02X", i));
            }
            PRIMARY[i] = register(PRIMARY[i], i);
            FD[i] = register(FD[i], 128 + i);
            FB[i] = register(FB[i], 256 + i);
        }

        String[] errors = {"none", "too many DIFEs", "storage number not implemented",
            "unit number not implemented", "tariff number not implemented", "function not implemented",
            "data class not implemented", "data size not implemented", null, null, null,
            "too many VIFEs", "illegal VIF-group", "illegal VIF-exponent", "VIF/DIF mismatch",
            "unimplemented action", null, null, null, null, null,
            "no data available (undefined value)", "data overflow", "data underflow", "data error",
            null, null, null, "premature end of record", null, null, null};
        for (int i = 0; i < 0x20; i++) {
            VIFE[i] = "error: " + (errors[i] != null ? errors[i] : String.format("reserved 0x%02X", i));
        }
        String[] per = {"per second", "per minute", "per hour", "per day", "per week", "per month",
            "per year", "per revolution / measurement", "increment per input pulse on input channel 0",
            "increment per input pulse on input channel 1", "increment per output pulse on output channel 0",
            "increment per output pulse on output channel 1", "per litre", "per m^3", "per kg", "per K",
            "per kWh", "per GJ", "per kW", "per (K*l)", "per V", "per A", "multiplied by s",
            "multiplied by s/V", "multiplied by s/A", "start date(/time) of", "uncorrected unit",
            "accumulation only if positive", "accumulation of abs value only if negative"};
        for (int i = 0; i < per.length; i++) {
            VIFE[0x20 + i] = per[i];
        }
        VIFE[0x40] = "lower limit value";
        VIFE[0x41] = "number of exceeds of lower limit";
        VIFE[0x48] = "upper limit value";
        VIFE[0x49] = "number of exceeds of upper limit";
        for (int i = 0x42; i < 0x48; i++) {
            if (i != 0x44 && i != 0x45) {
                VIFE[i] = "date/time of limit exceed";
                VIFE[i + 8] = "date/time of limit exceed";
            }
        }
        for (int i = 0x50; i < 0x60; i++) {
            VIFE[i] = "duration of limit exceed";
        }
        for (int i = 0x60; i < 0x70; i++) {
            VIFE[i] = "duration of " + ((i & 0x04) != 0 ? "last" : "first");
        }
        for (int i = 0x70; i < 0x78; i++) {
            VIFE[i] = "multiplicative correction factor 10^" + ((i & 7) - 6);
        }
        for (int i = 0x78; i < 0x7C; i++) {
            VIFE[i] = "additive correction constant 10^" + ((i & 3) - 3) + " * unit";
        }
        VIFE[0x7D] = "multiplicative correction factor 10^3";
        VIFE[0x7E] = "future value";
        VIFE[0x7F] = "manufacturer specific";
        for (int i = 0; i < 128; i++) {
            if (VIFE[i] == null) {
                VIFE[i] = String.format("unknown VIFE 0x%02X", i);
            }
        }
    }
}
