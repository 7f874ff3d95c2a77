package org.metergate.jobs;

import java.util.Optional;
import org.metergate.bus.BusOwner;
import org.metergate.bus.ReadoutResult;
import org.metergate.bus.RetryingReadout;

/**
 * What a job needs of the running gateway, without Camel types: the owner of a bus (one per bus, the
 * same queue scheduled readouts use), the baud its route reads it at, and the readout pipeline
 * (direct:readout: stored, then published) for its readouts.
 */
public interface BusAccess {

    Optional<BusOwner> owner(String busId);

    /** The baud of the route that reads this bus, when one does. */
    Optional<Integer> baud(String busId);

    /** Whether jobs on this bus can run at another speed than its route's (a serial port can, a TCP converter cannot). */
    default boolean canSwitchBaud(String busId) {
        return owner(busId).map(BusOwner::canSwitchBaud).orElse(false);
    }

    /** Hands a readout of an installed meter to the readout pipeline, as scheduled readouts are. */
    void publish(String busId, long meterId, ReadoutResult result, String job, RetryingReadout.Attempt attempt) throws Exception;
}
