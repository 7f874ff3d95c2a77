package org.metergate.bus;

/**
 * Where a scan stands.
 *
 * @param probes requests sent so far (selections for a secondary scan, pings for a primary scan)
 * @param found meters found so far
 * @param done share of the address space searched, 0..1
 * @param at the address being probed, for display
 */
public record ScanProgress(long probes, int found, double done, String at) {

    /** Probes the whole scan will take at the rate so far; -1 before there is a basis. */
    public long estimatedTotalProbes() {
        return done <= 0.001 ? -1 : Math.max(probes, Math.round(probes / done));
    }
}
