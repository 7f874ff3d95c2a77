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

    /** Line speed in baud now; for TCP converters the speed of the bus behind them. */
    int baud();

    /** The speed the bus is configured for (the route's {@code baud}): meters without their own are read at it. */
    default int defaultBaud() {
        return baud();
    }

    /** Whether {@link #switchBaud} can change the line speed (a serial port can; an M-Bus-over-IP converter cannot). */
    default boolean canSwitchBaud() {
        return false;
    }

    /**
     * Changes the line speed of the open connection, keeping the character format (8E1), so meters of
     * different speeds can share one bus (SPEC A1).
     *
     * @throws IOException when the speed cannot be set (a transport with a fixed speed, a port that refuses it)
     */
    default void switchBaud(int baud) throws IOException {
        if (baud != baud()) {
            throw new IOException(describe() + " runs at a fixed " + baud() + " baud and cannot switch to " + baud);
        }
    }

    /** Where it goes, for logs: "/dev/ttyUSB0@2400" or "tcp://10.0.0.5:10001". */
    String describe();

    @Override
    void close();
}
