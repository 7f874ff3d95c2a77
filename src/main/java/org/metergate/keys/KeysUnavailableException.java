package org.metergate.keys;

/** Stored keys cannot be decrypted (secret file missing, damaged or another one): no key material may be added. */
public final class KeysUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KeysUnavailableException(String message) {
        super(message);
    }
}
