package org.metergate.wmbus;

import java.util.Optional;

/** Finds the key for a meter; the decoder asks only when a telegram is encrypted. */
@FunctionalInterface
public interface KeyLookup {
    KeyLookup NONE = meter -> Optional.empty();

    Optional<KeyEntry> find(MeterId meter);

    /** One key for every meter (the CLI's {@code --key}). */
    static KeyLookup single(byte[] key) {
        Optional<KeyEntry> e = Optional.of(KeyEntry.forAll(key));
        return meter -> e;
    }
}
