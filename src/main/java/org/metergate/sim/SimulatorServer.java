package org.metergate.sim;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Serves one {@link SimulatedBus} to a master, over TCP like an M-Bus-over-IP converter or over
 * a pty like a serial level converter. Start several servers for several buses.
 *
 * <p>TCP: listens on 127.0.0.1 (port 0 picks a free port, see {@link #port()}); one master at a
 * time. A new connection takes the bus over and the previous one is closed: a converter that
 * refused instead would stay blocked forever by a half-open connection of a crashed master.
 *
 * <p>pty: opens the given path (one end of a socat pty pair) for reading and writing; the master
 * opens the other end. The line settings are socat's (raw); baud only sets the pacing here.
 * Reading uses a FileChannel because closing it wakes a thread blocked in read, which closing
 * a FileInputStream on a tty does not.
 *
 * <p>Line speed (SPEC A1): over TCP the master's bytes are at the bus's speed (a converter's fixed
 * speed); on a pty they are at the speed {@link LineSpeed} reports, the bus's speed unless given
 * (a {@link PtyLineSpeed} on the master's end follows the master's speed switches). Meters at another
 * speed than the request's do not understand it ({@link SlaveLink}).
 */
public final class SimulatorServer implements Closeable {
    private final SimulatedBus bus;
    private final boolean echo;
    private final ServerSocket server;
    private final FileChannel pty;
    private final FileChannel ptyOut;
    private final Thread thread;
    private final LineSpeed lineSpeed;
    private volatile boolean closed;
    private volatile Consumer<String> log = s -> { };
    private Socket current;

    private SimulatorServer(SimulatedBus bus, boolean echo, ServerSocket server, FileChannel pty, FileChannel ptyOut,
                            LineSpeed lineSpeed) {
        this.bus = bus;
        this.lineSpeed = lineSpeed;
        this.echo = echo;
        this.server = server;
        this.pty = pty;
        this.ptyOut = ptyOut;
        this.thread = new Thread(server != null ? this::acceptLoop : this::ptyLoop,
                "sim-" + (server != null ? "tcp-" + server.getLocalPort() : "pty"));
        this.thread.setDaemon(true);
    }

    /** Serves {@code bus} on 127.0.0.1:{@code port} (0 = any free port). */
    public static SimulatorServer tcp(SimulatedBus bus, int port, boolean echo) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        SimulatorServer srv = new SimulatorServer(bus, echo, s, null, null, LineSpeed.fixed(bus.timing().baud()));
        srv.thread.start();
        return srv;
    }

    /** Serves {@code bus} on the tty at {@code path} (e.g. a socat pty link); the master sends at the bus's speed. */
    public static SimulatorServer pty(SimulatedBus bus, Path path, boolean echo) throws IOException {
        return pty(bus, path, echo, LineSpeed.fixed(bus.timing().baud()));
    }

    /** Serves {@code bus} on the tty at {@code path}; {@code lineSpeed} says at which speed the master's bytes come. */
    public static SimulatorServer pty(SimulatedBus bus, Path path, boolean echo, LineSpeed lineSpeed) throws IOException {
        // Two channels: a FileChannel serialises read and write on one lock, so a read blocked
        // waiting for the master would block every write on the same channel.
        FileChannel in = FileChannel.open(path, StandardOpenOption.READ);
        FileChannel out;
        try {
            out = FileChannel.open(path, StandardOpenOption.WRITE);
        } catch (IOException e) {
            in.close();
            throw e;
        }
        SimulatorServer srv = new SimulatorServer(bus, echo, null, in, out, lineSpeed);
        srv.thread.start();
        return srv;
    }

    /** Where to report connections and errors (the CLI prints them); silent by default. */
    public SimulatorServer log(Consumer<String> log) {
        this.log = log;
        return this;
    }

    public SimulatedBus bus() {
        return bus;
    }

    /** The TCP port listened on, -1 for a pty server. */
    public int port() {
        return server != null ? server.getLocalPort() : -1;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.accept("accept failed: " + e.getMessage());
                }
                return;
            }
            takeOver(s);
            Thread t = new Thread(() -> serveSocket(s), "sim-master-" + s.getPort());
            t.setDaemon(true);
            t.start();
        }
    }

    private synchronized void takeOver(Socket s) {
        if (current != null) {
            log.accept("master " + current.getRemoteSocketAddress() + " replaced by " + s.getRemoteSocketAddress());
            closeQuietly(current);
        }
        current = s;
        if (closed) {
            closeQuietly(s);
        }
    }

    private void serveSocket(Socket s) {
        log.accept("master connected from " + s.getRemoteSocketAddress());
        try (s) {
            s.setTcpNoDelay(true); // characters are paced one by one; Nagle would bunch them
            new SlaveLink(bus, s.getInputStream(), s.getOutputStream(), echo, lineSpeed).run();
        } catch (SocketException e) {
            // closed by takeover, close() or the master
        } catch (IOException e) {
            log.accept("connection failed: " + e.getMessage());
        }
        log.accept("master " + s.getRemoteSocketAddress() + " disconnected");
    }

    private void ptyLoop() {
        InputStream in = Channels.newInputStream(pty);
        OutputStream out = Channels.newOutputStream(ptyOut);
        try {
            new SlaveLink(bus, in, out, echo, lineSpeed).run();
        } catch (ClosedChannelException e) {
            // close()
        } catch (IOException e) {
            if (!closed) {
                log.accept("pty failed: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (server != null) {
            server.close();
            synchronized (this) {
                if (current != null) {
                    closeQuietly(current);
                }
            }
        }
        if (pty != null) {
            pty.close(); // wakes the blocked read (FileChannel reads are interruptible by close)
            ptyOut.close();
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
