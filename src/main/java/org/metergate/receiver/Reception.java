package org.metergate.receiver;

/** One receiver hearing a telegram: who and how strong (dBm, null when the receiver gives none). */
public record Reception(String receiverId, Integer rssi) {

    /** Stronger first; a known RSSI beats an unknown one; equal strength: the receiver id decides (stable). */
    public static int strongestFirst(Reception a, Reception b) {
        int ra = a.rssi == null ? Integer.MIN_VALUE : a.rssi;
        int rb = b.rssi == null ? Integer.MIN_VALUE : b.rssi;
        return ra != rb ? Integer.compare(rb, ra) : a.receiverId.compareTo(b.receiverId);
    }
}
