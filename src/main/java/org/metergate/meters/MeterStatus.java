package org.metergate.meters;

import java.time.Instant;

/** What the last installation or readout learnt about a meter (SPEC C2, C3): ok / error, a message, when. All may be null. */
public record MeterStatus(String lastStatus, String lastMessage, Instant lastReadoutAt) {

    public static final MeterStatus NONE = new MeterStatus(null, null, null);
}
