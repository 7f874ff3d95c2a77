package org.metergate.bus;

import java.util.Locale;
import org.metergate.mbus.SecondaryAddress;

/** How a meter is reached on the bus (SPEC A3): its primary address or its secondary address. */
public sealed interface MeterAddress {

    record Primary(int address) implements MeterAddress {
        public Primary {
            if (address < 0 || address > 250) {
                throw new IllegalArgumentException("primary address must be 0..250, got " + address);
            }
        }

        @Override
        public String toString() {
            return String.valueOf(address);
        }
    }

    record Secondary(SecondaryAddress address) implements MeterAddress {
        @Override
        public String toString() {
            SecondaryAddress a = address;
            StringBuilder s = new StringBuilder(a.id());
            if (a.manufacturer() != SecondaryAddress.ANY_MANUFACTURER || a.version() != SecondaryAddress.ANY
                    || a.medium() != SecondaryAddress.ANY) {
                s.append(String.format(Locale.ROOT, ".%04X.%02X.%02X", a.manufacturer(), a.version(), a.medium()));
            }
            return s.toString();
        }
    }

    /**
     * "0".."250" is a primary address; 8 hex digits (F = wildcard) a secondary id, optionally followed by
     * ".MMMM.VV.TT" (manufacturer code, version, medium in hex) as printed by {@link Secondary#toString()}.
     */
    static MeterAddress parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.matches("\\d{1,3}")) {
            return new Primary(Integer.parseInt(t));
        }
        String[] parts = t.split("\\.");
        if (parts[0].matches("[0-9A-Fa-f]{8}")) {
            if (parts.length == 1) {
                return new Secondary(SecondaryAddress.ofId(parts[0]));
            }
            if (parts.length == 4) {
                return new Secondary(new SecondaryAddress(parts[0], Integer.parseInt(parts[1], 16),
                        Integer.parseInt(parts[2], 16), Integer.parseInt(parts[3], 16)));
            }
        }
        throw new IllegalArgumentException("not a meter address: '" + text
                + "' (expected a primary address 0..250 or an 8-digit secondary id, e.g. 12345678)");
    }
}
