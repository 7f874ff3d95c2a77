package org.metergate.receiver;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

/**
 * Reads a byte stream into a parser until it ends. Binary framings get an idle rule: a read timeout
 * with a partial message pending ends that message as TRUNCATED, so a half frame never blocks the
 * next one for long.
 */
final class StreamPump {
    private StreamPump() {
    }

    /** Returns when the stream ends (the parser's end() has been called) or the thread is interrupted. */
    static void pump(InputStream in, FrameParser parser, boolean idleEndsMessage) throws IOException {
        byte[] buf = new byte[4096];
        boolean pending = false;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException idle) {
                    if (pending && idleEndsMessage) {
                        parser.end();
                        pending = false;
                    }
                    continue;
                }
                if (n < 0) {
                    break;
                }
                if (n > 0) {
                    parser.feed(buf, 0, n);
                    pending = true;
                }
            }
        } finally {
            parser.end();
        }
    }
}
