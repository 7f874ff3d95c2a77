package org.metergate.meters;

/** A change the registry refuses because of other meters: a duplicate address, or the capacity is reached. */
public class MeterConflictException extends RuntimeException {
    public MeterConflictException(String message) {
        super(message);
    }
}
