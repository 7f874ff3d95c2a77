package org.metergate.receiver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.metergate.wmbus.FrameFormat;

/**
 * A TCP server receivers connect to (e.g. {@code rtl_sdr ... | rtl_wmbus | nc gateway 9011}): each
 * connection is its own stream with its own parser; at most {@value #MAX_CLIENTS} at once, further
 * connections are closed at once.
 */
public final class TcpServerReceiver implements Receiver {
    static final int MAX_CLIENTS = 16;

    private final String id;
    private final String bindHost;
    private final int port;
    private final Framing framing;
    private final FrameFormat lineFormat;
    private final Clock clock;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private ServerSocket server;
    private Thread acceptor;

    public TcpServerReceiver(String id, String bindHost, int port, Framing framing, FrameFormat lineFormat, Clock clock) {
        this.id = id;
        this.bindHost = bindHost == null || bindHost.isBlank() ? "127.0.0.1" : bindHost;
        this.port = port;
        this.framing = framing;
        this.lineFormat = lineFormat;
        this.clock = clock;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized void start(FrameListener listener) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getByName(bindHost), port));
        server = s;
        acceptor = ReceiverThreads.start(id, "accept", () -> acceptLoop(listener));
    }

    /** The port listened on (the real one when 0 was asked for). */
    public int port() {
        return server == null ? port : server.getLocalPort();
    }

    private void acceptLoop(FrameListener listener) {
        while (!server.isClosed()) {
            Socket c;
            try {
                c = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (clients.size() >= MAX_CLIENTS) {
                listener.onError(new FramingException(FramingException.Kind.GARBAGE, id, "connection from "
                        + c.getRemoteSocketAddress() + " refused: " + MAX_CLIENTS + " feeds connected already"));
                closeQuietly(c);
                continue;
            }
            clients.add(c);
            ReceiverThreads.start(id, "conn-" + connections.incrementAndGet(), () -> serve(c, listener));
        }
    }

    private void serve(Socket c, FrameListener listener) {
        try (c) {
            if (framing.binary()) {
                c.setSoTimeout(1000);
            }
            StreamPump.pump(c.getInputStream(), framing.parser(id, listener, clock, lineFormat), framing.binary());
        } catch (IOException e) {
            // the feed went away; it may connect again
        } finally {
            clients.remove(c);
        }
    }

    /** Feeds connected right now. */
    public int connected() {
        return clients.size();
    }

    @Override
    public String describe() {
        return "tcp server " + bindHost + ":" + port() + " (" + framing.name().toLowerCase() + ")";
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            closeQuietly(server);
        }
        clients.forEach(TcpServerReceiver::closeQuietly);
        clients.clear();
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing
        }
    }
}
