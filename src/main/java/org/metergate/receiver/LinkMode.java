package org.metergate.receiver;

import java.util.Locale;

/**
 * The wireless M-Bus modes a dongle can be told to listen to (EN 13757-4), with the numbers the
 * iM871A (HCI link mode) and the AMB8465 (CMD_SET_MODE_REQ) use for them.
 */
public enum LinkMode {
    S1(0x00, 0x03),
    S1M(0x01, 0x03),
    T1(0x03, 0x08),
    C1(0x06, 0x0E),
    /** C1 and T1 at once (iM871A firmware 1.4 and later: its "N1A" slot; AMB8465 mode 09h). */
    C1T1(0x0A, 0x09);

    private final int im871a;
    private final int amb8465;

    LinkMode(int im871a, int amb8465) {
        this.im871a = im871a;
        this.amb8465 = amb8465;
    }

    public int im871aCode() {
        return im871a;
    }

    public int amb8465Code() {
        return amb8465;
    }

    public static LinkMode parse(String s) {
        String t = s == null ? "" : s.trim().toUpperCase(Locale.ROOT).replace("-", "").replace("+", "");
        for (LinkMode m : values()) {
            if (m.name().equals(t)) {
                return m;
            }
        }
        if (t.equals("T1C1")) {
            return C1T1;
        }
        throw new IllegalArgumentException("unknown wireless mode '" + s + "' (S1, S1M, T1, C1, C1T1)");
    }
}
