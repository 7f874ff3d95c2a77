package org.metergate.receiver;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * The reconnect loop of the receivers that hold a link to a device (serial port, TCP feed): run a
 * session until it fails, report the failure with the wait that follows, wait, and try again, the wait
 * doubling up to 30 s and starting afresh once a session got connected. One instance per loop thread.
 */
final class Reconnecting {
    static final long MAX_BACKOFF_MS = 30_000;

    /** Opens the link, calls {@link Reconnecting#connected()} once it is usable, reads until it fails. */
    @FunctionalInterface
    interface Session {
        void run() throws IOException;
    }

    /** Told a failed session while the receiver still runs; {@code backoffMs} is the wait before the next try. */
    @FunctionalInterface
    interface Failure {
        void report(IOException e, long backoffMs);
    }

    private final long firstBackoffMs;
    private long backoff;

    Reconnecting(long firstBackoffMs) {
        this.firstBackoffMs = firstBackoffMs;
        this.backoff = firstBackoffMs;
    }

    /** The link is up: the next failure waits the first back-off again. */
    void connected() {
        backoff = firstBackoffMs;
    }

    /**
     * Loops while {@code running}; {@code afterSession} runs after each session, failed or not, once the
     * failure is reported. Returns when stopped or when interrupted during a wait.
     */
    void loop(BooleanSupplier running, Session session, Failure failure, Runnable afterSession) {
        while (running.getAsBoolean()) {
            try {
                session.run();
            } catch (IOException e) {
                if (running.getAsBoolean()) {
                    failure.report(e, backoff);
                }
            } finally {
                afterSession.run();
            }
            if (!running.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }
}
