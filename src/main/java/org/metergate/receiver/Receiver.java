package org.metergate.receiver;

import java.io.IOException;

/** A running source of wireless M-Bus frames: a USB stick, a TCP feed or stdin. */
public interface Receiver extends AutoCloseable {

    String id();

    /** Starts the reader thread(s); frames and errors go to {@code listener}. */
    void start(FrameListener listener) throws IOException;

    /** For logs: the port, address or stream. */
    String describe();

    @Override
    void close();
}
