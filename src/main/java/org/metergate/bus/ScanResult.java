package org.metergate.bus;

import java.time.Duration;
import java.util.List;

/**
 * @param conflicts what the scan could not resolve (two meters on one primary address, identical
 *     secondary ids), for the installer to fix on site
 */
public record ScanResult(List<FoundMeter> meters, long probes, List<String> conflicts, boolean cancelled, Duration elapsed) {
    public ScanResult {
        meters = List.copyOf(meters);
        conflicts = List.copyOf(conflicts);
    }
}
