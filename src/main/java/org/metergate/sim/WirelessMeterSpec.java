package org.metergate.sim;

import java.time.Duration;
import java.util.HexFormat;
import org.metergate.wmbus.FrameFormat;
import org.metergate.wmbus.MeterId;

/**
 * One simulated wireless meter: who it is, how it encrypts (security mode 0, 5 or 7 with its key),
 * which frame format it sends, how often, and how strong it arrives at the receiver.
 *
 * @param id 8 digits
 * @param rssi mean signal strength at the receiver in dBm (each telegram varies around it by ±3)
 */
public record WirelessMeterSpec(String id, String manufacturer, int version, MeterKind kind, int securityMode, byte[] key,
        FrameFormat format, Duration interval, Duration jitter, int rssi, double startValue) {

    public WirelessMeterSpec {
        if (!id.matches("\\d{8}")) {
            throw new IllegalArgumentException("wireless meter id must be 8 digits: " + id);
        }
        if (securityMode != 0 && (key == null || key.length != 16)) {
            throw new IllegalArgumentException("security mode " + securityMode + " needs a 16-byte key");
        }
        if (interval.isNegative() || interval.isZero() || jitter.isNegative()) {
            throw new IllegalArgumentException("interval must be positive, jitter not negative");
        }
        key = key == null ? null : key.clone();
    }

    public MeterId meterId() {
        return MeterId.of(manufacturer, id, version, kind.medium());
    }

    @Override
    public byte[] key() {
        return key == null ? null : key.clone();
    }

    public String keyHex() {
        return key == null ? "" : HexFormat.of().withUpperCase().formatHex(key);
    }
}
