package org.metergate.keys;

import java.time.Instant;
import org.metergate.wmbus.KeyEntry;

/**
 * A key as the store keeps it. {@link #entry()} holds the key material (its {@code toString} shows
 * only {@code AA…BB}); {@code entry} is null when the key cannot be decrypted (secret lost).
 *
 * @param meterId the meter (registry id) the key is bound to, or null for a key by criteria
 */
public record StoredKey(long id, KeyCriteria criteria, Long meterId, KeyEntry entry, Instant createdAt,
        Instant updatedAt, Instant lastUsedAt) {

    public boolean bound() {
        return meterId != null;
    }

    public boolean decryptable() {
        return entry != null;
    }

    /** The key masked for lists and logs ("A1…90"), or "?" when it cannot be decrypted. */
    public String maskedKey() {
        return entry == null ? "?" : entry.keyHint();
    }

    StoredKey withLastUsed(Instant at) {
        return new StoredKey(id, criteria, meterId, entry, createdAt, updatedAt, at);
    }
}
