package org.metergate.wmbus;

/**
 * How the received bytes carry the EN 13757-4 link-layer CRCs. Receivers differ: radio chips and
 * SDR decoders deliver the frame as sent (format A or B, CRCs included), most USB dongles check
 * and strip the CRCs themselves.
 */
public enum FrameFormat {
    /** Format A: first block of 10 bytes + CRC, then blocks of 16 bytes + CRC each (the last shorter). L counts the bytes after L without CRCs. */
    A,
    /** Format B: one CRC after the first 126 bytes (or at the end of a shorter frame), one after the rest. L counts the bytes after L including the CRCs. */
    B,
    /** CRCs already checked and removed by the receiver; L counts the bytes that follow it. */
    NO_CRC,
    /**
     * Detect: the length must match exactly one reading. A frame whose length is L+1 is format B if
     * its CRCs match, otherwise a frame without CRCs (a stripped frame whose last two bytes happen to
     * be the CRC of the rest, chance 1 in 65,536, is taken for format B and loses two bytes: give the
     * format explicitly when the receiver is known). A frame of the length format A gives must pass
     * all format A CRCs.
     */
    AUTO
}
