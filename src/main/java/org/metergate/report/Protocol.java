package org.metergate.report;

/** SPEC F3: the first digit of a template number picks the protocol (1 e-mail, 2 FTP, 3 HTTP). */
public enum Protocol {
    EMAIL(1), FTP(2), HTTP(3);

    private final int digit;

    Protocol(int digit) {
        this.digit = digit;
    }

    public int digit() {
        return digit;
    }

    /** The protocol of a template number such as 2101; empty-handed callers get a clear error. */
    public static Protocol ofTemplate(int template) {
        int first = template / 1000;
        for (Protocol p : values()) {
            if (p.digit == first && template >= 1000 && template <= 9999) {
                return p;
            }
        }
        throw new IllegalArgumentException("template " + template + " is not a 4-digit number starting with 1 (e-mail), 2 (FTP) or 3 (HTTP)");
    }
}
