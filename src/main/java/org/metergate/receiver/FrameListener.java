package org.metergate.receiver;

/** Where a receiver delivers what it hears. Called from the receiver's reader thread. */
public interface FrameListener {

    void onFrame(ReceivedFrame frame);

    /** A framing problem; the parser has resynchronised. Default: ignored. */
    default void onError(FramingException error) {
    }

    /** A receiver's answer to a command (e.g. the set-mode confirmation). Default: ignored. */
    default void onResponse(String receiverId, int messageId, byte[] payload) {
    }
}
