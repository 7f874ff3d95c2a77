package org.metergate.mbus;

/**
 * A slave's application error reply (CI 70h, EN 13757-3 table 7). This is an answer, not a decode
 * failure: the bus master logs it against the meter and does not retry as for a garbled frame.
 *
 * @param code the error byte, or -1 when the reply carried none (means "unspecified")
 */
public record ApplicationError(int code, String description) {

    public static ApplicationError of(int code) {
        String d = switch (code) {
            case -1, 0 -> "Unspecified error";
            case 1 -> "Unimplemented CI-Field";
            case 2 -> "Buffer too long, truncated";
            case 3 -> "Too many records";
            case 4 -> "Premature end of record";
            case 5 -> "More than 10 DIFE's";
            case 6 -> "More than 10 VIFE's";
            case 7 -> "Reserved";
            case 8 -> "Application busy";
            case 9 -> "Too many readouts";
            default -> String.format("Unknown application error (0x%02X)", code);
        };
        return new ApplicationError(code, d);
    }
}
