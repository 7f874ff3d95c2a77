package org.metergate.receiver;

/**
 * Something a receiver's byte stream got wrong. Typed by {@link Kind}; the parser has already
 * resynchronised when it reports one (nothing is thrown out of a parser: errors go to the
 * {@link FrameListener}), so a stream of garbage costs only these reports, never a hang.
 */
public final class FramingException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** Bytes that are not the start of a frame were skipped. */
        GARBAGE,
        /** The receiver's checksum (iM871A CRC-16, AMB8465 XOR) does not match; the frame was dropped. */
        CHECKSUM,
        /** The stream ended (or went idle) inside a frame. */
        TRUNCATED,
        /** A line or frame longer than any wireless M-Bus frame can be. */
        TOO_LONG,
        /** A text line that is not hex, not a telegram, or has a bad field. */
        BAD_LINE,
        /** A well-formed receiver message that is not a received telegram (kept for the log). */
        NOT_A_TELEGRAM
    }

    private final Kind kind;
    private final String receiverId;

    public FramingException(Kind kind, String receiverId, String message) {
        super(receiverId + ": " + message, null, false, false);
        this.kind = kind;
        this.receiverId = receiverId;
    }

    public Kind kind() {
        return kind;
    }

    public String receiverId() {
        return receiverId;
    }
}
