package org.metergate.report;

import java.util.Map;
import java.util.function.Supplier;
import org.metergate.meters.KnownBuses;

/**
 * The gateway's settings beyond identity and conventions that the installation report (SPEC C6, template
 * x012) shows on its device sheet, asked at each rendering because they change while the gateway runs.
 *
 * @param buses    the wired buses and wireless receivers the routes read
 * @param settings further settings by text key of {@link ReportTexts} ({@code readoutSchedule}, {@code maxActiveMeters} …),
 *                 in the order shown
 */
public record GatewaySetup(KnownBuses buses, Supplier<Map<String, String>> settings) {

    /** No buses, no further settings (a renderer outside the gateway). */
    public static final GatewaySetup NONE = new GatewaySetup(KnownBuses.NONE, Map::of);
}
