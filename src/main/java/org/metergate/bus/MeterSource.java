package org.metergate.bus;

import java.util.List;

/** Where a bus's scheduled readout gets its meters from: the installed, active meters of that bus. */
@FunctionalInterface
public interface MeterSource {
    List<ReadoutRequest> activeMeters(String busId);
}
