package org.metergate.wmbus;

/**
 * Authentication and fragmentation layer (EN 13757-7, CI 90h).
 *
 * @param fcl fragmentation control (bit 14 more fragments, 13 MCL present, 12 ML present, 11 MCR
 *     present, 10 MAC present, 9 KI present, 0-7 fragment id)
 * @param mcl message control (bits 0-3 authentication type; 4 KI, 5 MCR, 6 ML in the MAC) or -1
 * @param keyInfo KI or -1
 * @param messageCounter MCR or -1
 * @param macLength length of the MAC in bytes (0 when absent)
 * @param messageLength ML or -1
 * @param macVerified the MAC was checked with the derived key and matched
 */
public record Afl(int fcl, int mcl, int keyInfo, long messageCounter, int macLength, int messageLength,
        boolean macVerified) {

    public boolean moreFragments() {
        return (fcl & 0x4000) != 0;
    }

    public int fragmentId() {
        return fcl & 0xFF;
    }
}
