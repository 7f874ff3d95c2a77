package org.metergate.keys;

import java.time.Instant;
import org.metergate.wmbus.MeterId;

/** Which stored key last decrypted a meter's telegram, and when. */
public record KeyMatch(MeterId meter, long keyId, Instant at) {
}
