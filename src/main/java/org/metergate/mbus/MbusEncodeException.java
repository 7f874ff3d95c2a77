package org.metergate.mbus;

/** A value or record that cannot be represented in the requested M-Bus coding (programming error). */
public final class MbusEncodeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MbusEncodeException(String message) {
        super(message);
    }
}
