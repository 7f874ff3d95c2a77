package org.metergate.keys;

/** A key with the same criteria exists already. */
public final class KeyConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final long existingId;

    public KeyConflictException(String message, long existingId) {
        super(message);
        this.existingId = existingId;
    }

    public long existingId() {
        return existingId;
    }
}
