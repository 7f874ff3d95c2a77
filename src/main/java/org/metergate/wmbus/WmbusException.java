package org.metergate.wmbus;

/**
 * The only exception the wireless M-Bus decoder throws for bad or undecodable input. It is
 * checked and typed: {@link #reason()} says what kind of failure it is (a CRC error, no key, a
 * wrong key ...), {@link #offset()} the byte of the received frame (as given to the decoder, CRCs
 * included) where it was found, and {@link #link()} the link-layer header when it was readable,
 * so a gateway can report "no key" per meter.
 */
public final class WmbusException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What kind of failure. */
    public enum Reason {
        /** The input is shorter than its length field or a layer says. */
        TRUNCATED,
        /** A link-layer block CRC (or the ELL payload CRC of an unencrypted frame) does not match. */
        CRC,
        /** A field has a value the standard does not allow (lengths that disagree, bad AFL ...). */
        MALFORMED,
        /** Well-formed, but not implemented here (security modes other than 0/5/7, fragments ...). */
        UNSUPPORTED,
        /** The telegram is encrypted and no key matches the meter. */
        NO_KEY,
        /** A key was tried and the result is wrong: no 2F 2F after decryption, a bad MAC or payload CRC. */
        DECRYPTION_FAILED,
        /** A compact frame (CI 79h) whose full frame (same meter, same format signature) was not seen yet. */
        UNKNOWN_FORMAT,
        /** The application layer (EN 13757-3) could not be decoded by the wired library. */
        APPLICATION;

        /** Short words for users: "no key", "decryption failed", "CRC error" ... */
        public String label() {
            return switch (this) {
                case TRUNCATED -> "truncated";
                case CRC -> "CRC error";
                case MALFORMED -> "malformed";
                case UNSUPPORTED -> "unsupported";
                case NO_KEY -> "no key";
                case DECRYPTION_FAILED -> "decryption failed";
                case UNKNOWN_FORMAT -> "unknown compact frame format";
                case APPLICATION -> "application layer";
            };
        }
    }

    private final Reason reason;
    private final int offset;
    private final transient LinkHeader link;

    public WmbusException(Reason reason, String what, int offset, LinkHeader link) {
        // cheap like MbusDecodeException: no stack trace, a receiver may see thousands of these
        super(what + (offset >= 0 ? " at byte " + offset : ""), null, false, false);
        this.reason = reason;
        this.offset = offset;
        this.link = link;
    }

    public Reason reason() {
        return reason;
    }

    /** Offset in the frame as received (CRC bytes counted); -1 when not tied to a byte. */
    public int offset() {
        return offset;
    }

    /** The link-layer header, or null when the frame was too broken to read it. */
    public LinkHeader link() {
        return link;
    }
}
