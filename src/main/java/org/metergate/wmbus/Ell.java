package org.metergate.wmbus;

/**
 * Extended link layer (EN 13757-4, CI 8Ch-8Fh).
 *
 * @param ci 8C (CC, ACC), 8D (+ session number, payload CRC), 8E (+ M2, A2), 8F (all)
 * @param cc communication control
 * @param accessNumber ELL access number
 * @param sessionNumber the SN field (8Dh/8Fh) or -1
 * @param encryption SN bits 29-31: 0 none, 1 AES-128-CTR; -1 without SN
 * @param address2 M2/A2 of CI 8Eh/8Fh, else null
 */
public record Ell(int ci, int cc, int accessNumber, long sessionNumber, int encryption, MeterId address2) {
}
