package org.metergate.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One readout of one meter as the value store keeps it: the readout log fields (E3), the raw
 * telegrams as received (re-decodable) and every decoded value.
 *
 * @param status        "ok" or the failure ("no_answer", "decode_error" ...), at most 20 characters
 * @param message       human readable outcome, may be null
 * @param statusByte    the M-Bus status byte of the (last) telegram header, null when none was decoded
 * @param accessNumber  the access number of the (last) telegram header, null when none was decoded
 */
public record StoredReadout(long meterId, Instant createdAt, String status, String message, Integer statusByte,
                            Integer accessNumber, long durationMs, List<byte[]> telegrams, List<ValueRow> values) {

    public StoredReadout {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(status, "status");
        telegrams = List.copyOf(telegrams);
        values = List.copyOf(values);
        if (status.isEmpty() || status.length() > 20) {
            throw new IllegalArgumentException("status must be 1..20 characters: " + status);
        }
        if (telegrams.size() > Short.MAX_VALUE) {
            throw new IllegalArgumentException("too many telegrams");
        }
    }

    /** The same readout with another status byte. */
    public StoredReadout withStatus(Integer statusByte) {
        return new StoredReadout(meterId, createdAt, status, message, statusByte, accessNumber, durationMs, telegrams, values);
    }
}
