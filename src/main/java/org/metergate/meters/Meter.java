package org.metergate.meters;

import java.time.Instant;

/** An installed meter: its id, the settings a user gave it, what the last readout learnt, and when it was created/changed. */
public record Meter(long id, MeterSettings settings, MeterStatus status, Instant createdAt, Instant updatedAt) {

    public boolean active() {
        return settings.active();
    }
}
