package org.metergate.mbus;

/**
 * The only exception the M-Bus library throws for bad input. It is checked on purpose: every
 * byte that reaches the decoder comes from a wire, and callers (bus master, CLI, store re-decode)
 * must decide what a broken telegram means for them.
 */
public final class MbusDecodeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int offset;

    public MbusDecodeException(String what, int offset) {
        // No stack trace: the message names what failed and where, and a master reading a noisy
        // bus (or the fuzzer) raises these by the thousand, so they must stay cheap.
        super(what + " at byte " + offset, null, false, false);
        this.offset = offset;
    }

    /** Byte offset in the frame (or input) where decoding failed; -1 when not tied to a byte. */
    public int offset() {
        return offset;
    }
}
