package org.metergate.bus;

/** Receives readouts that are not passed down a route, e.g. those of continuous mode (SPEC D3). */
@FunctionalInterface
public interface ReadoutListener {
    void readout(String busId, ReadoutRequest request, ReadoutResult result);
}
