package org.metergate.wmbus;

import org.metergate.mbus.Manufacturer;
import org.metergate.mbus.Medium;

/**
 * The EN 13757-4 data link layer header: L, C, M, A (id, version, device type) and the CI field
 * that follows it, plus how the frame carried its CRCs.
 *
 * @param format {@link FrameFormat#A}, {@link FrameFormat#B} or {@link FrameFormat#NO_CRC}
 * @param l the length field as received
 * @param c C field (44h SND_NR, 46h SND_IR, 08h RSP_UD ...)
 * @param meter manufacturer, id, version and device type of the link layer address
 * @param ci the CI field after the link layer
 */
public record LinkHeader(FrameFormat format, int l, int c, MeterId meter, int ci) {

    public String manufacturer() {
        return Manufacturer.decode(meter.manufacturerCode());
    }

    public String id() {
        return meter.id();
    }

    public int version() {
        return meter.version();
    }

    public int deviceType() {
        return meter.deviceType();
    }

    public String deviceTypeName() {
        return Medium.name(meter.deviceType());
    }
}
