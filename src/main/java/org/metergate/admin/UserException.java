package org.metergate.admin;

/** A user operation was refused; the message tells the user why. */
public class UserException extends RuntimeException {

    public enum Reason { INVALID, NOT_FOUND, CONFLICT, WRONG_PASSWORD }

    private final Reason reason;

    public UserException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
