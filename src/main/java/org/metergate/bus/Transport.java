package org.metergate.bus;

import java.io.IOException;

/**
 * A byte pipe to one M-Bus segment: a serial level converter or an M-Bus-over-IP converter.
 * Only the bus owner's thread uses it, so implementations need not be thread-safe.
 */
public interface Transport extends AutoCloseable {

    /** Opens the connection; calling it on an open transport does nothing. */
    void open() throws IOException;

    boolean isOpen();

    void write(byte[] data) throws IOException;

    /**
     * Reads what has arrived into {@code buffer}, waiting at most {@code timeoutMillis} for the first
     * byte. Returns the count read, 0 on timeout.
     *
     * @throws IOException when the connection is lost (the owner reopens it for the next job)
     */
    int read(byte[] buffer, int timeoutMillis) throws IOException;

    /** Drops bytes that arrived unasked (late answers, noise) before a new request. */
    void discardInput() throws IOException;

    /** Line speed in baud; for TCP converters the speed of the bus behind them. */
    int baud();

    /** Where it goes, for logs: "/dev/ttyUSB0@2400" or "tcp://10.0.0.5:10001". */
    String describe();

    @Override
    void close();
}
