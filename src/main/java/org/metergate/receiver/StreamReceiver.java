package org.metergate.receiver;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import org.metergate.wmbus.FrameFormat;

/** Reads one stream to its end: stdin ({@code rtl_wmbus | java -jar metergate.jar ...}) or a file. */
public final class StreamReceiver implements Receiver {
    private final String id;
    private final InputStream in;
    private final String name;
    private final Framing framing;
    private final FrameFormat lineFormat;
    private final Clock clock;
    private Thread thread;

    public StreamReceiver(String id, InputStream in, String name, Framing framing, FrameFormat lineFormat, Clock clock) {
        this.id = id;
        this.in = in;
        this.name = name;
        this.framing = framing;
        this.lineFormat = lineFormat;
        this.clock = clock;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized void start(FrameListener listener) {
        thread = ReceiverThreads.start(id, "stream", () -> {
            try {
                StreamPump.pump(in, framing.parser(id, listener, clock, lineFormat), false);
            } catch (IOException e) {
                listener.onError(new FramingException(FramingException.Kind.TRUNCATED, id, name + " failed: "
                        + e.getMessage()));
            }
        });
    }

    /** Waits until the stream has ended and every frame of it was delivered (tests, one-shot runs). */
    public void await() throws InterruptedException {
        thread.join();
    }

    @Override
    public String describe() {
        return name + " (" + framing.name().toLowerCase() + ")";
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
