package org.metergate.receiver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import org.metergate.wmbus.FrameFormat;

/**
 * Connects to a feed that serves telegrams (the simulator's {@code --wmbus-port}, ser2net in front of
 * a USB stick, a decoder serving TCP) and reconnects when it goes away, backing off from 0.5 s up to
 * 30 s. Dongle framings get their set-mode command after each connect.
 */
public final class TcpClientReceiver implements Receiver {
    private final String id;
    private final String host;
    private final int port;
    private final Framing framing;
    private final FrameFormat lineFormat;
    private final LinkMode mode;
    private final Clock clock;
    private volatile boolean running;
    private volatile Socket socket;
    private Thread thread;

    public TcpClientReceiver(String id, String host, int port, Framing framing, FrameFormat lineFormat, LinkMode mode,
            Clock clock) {
        this.id = id;
        this.host = host;
        this.port = port;
        this.framing = framing;
        this.lineFormat = lineFormat;
        this.mode = mode;
        this.clock = clock;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized void start(FrameListener listener) {
        running = true;
        thread = ReceiverThreads.start(id, "client", () -> loop(listener));
    }

    private void loop(FrameListener listener) {
        Reconnecting retry = new Reconnecting(500);
        retry.loop(() -> running, () -> {
            try (Socket s = new Socket()) {
                socket = s;
                s.connect(new InetSocketAddress(host, port), 5000);
                if (framing.binary()) {
                    s.setSoTimeout(1000);
                    s.getOutputStream().write(framing.initCommand(mode));
                    s.getOutputStream().flush();
                }
                retry.connected();
                StreamPump.pump(s.getInputStream(), framing.parser(id, listener, clock, lineFormat), framing.binary());
            }
        }, (e, backoff) -> listener.onError(new FramingException(FramingException.Kind.TRUNCATED, id, "feed " + host + ":"
                + port + " not reachable (" + e.getMessage() + "); retrying in " + backoff + " ms")), () -> {});
    }

    @Override
    public String describe() {
        return "tcp " + host + ":" + port + " (" + framing.name().toLowerCase() + ")";
    }

    @Override
    public synchronized void close() {
        running = false;
        Socket s = socket;
        if (s != null) {
            TcpServerReceiver.closeQuietly(s);
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
