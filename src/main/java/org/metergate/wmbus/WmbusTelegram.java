package org.metergate.wmbus;

import java.util.Optional;
import org.metergate.mbus.Telegram;

/**
 * A decoded wireless M-Bus telegram: the layers as received and the application layer decoded by
 * the wired library.
 *
 * @param link data link layer header
 * @param ell extended link layer, or null
 * @param afl authentication and fragmentation layer, or null
 * @param tplCi CI field of the transport layer (72h long header, 7Ah short, 78h none, 79h compact,
 *     8Ah/8Bh header without application data)
 * @param meter the meter's identity: TPL long header if present, else the link layer's
 * @param securityMode TPL security mode (0 none, 5 AES-CBC with IV, 7 AES-CBC with derived key)
 * @param accessNumber TPL access number, else the ELL's, else -1
 * @param key the key that decrypted the telegram (empty when not encrypted)
 * @param compact the application data came as a compact frame and was rebuilt from the cached format
 * @param rssi signal strength in dBm as the receiver reported it, or null
 * @param telegram the application layer; its {@code ci()} is the TPL CI handed to the wired
 *     decoder (8Ah/8Bh are decoded as 7Ah/72h without records, 79h as 78h)
 */
public record WmbusTelegram(LinkHeader link, Ell ell, Afl afl, int tplCi, MeterId meter, int securityMode,
        int accessNumber, Optional<KeyEntry> key, boolean compact, Integer rssi, Telegram telegram) {

    public boolean encrypted() {
        return key.isPresent();
    }
}
