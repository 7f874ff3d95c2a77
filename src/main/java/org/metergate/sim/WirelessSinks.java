package org.metergate.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.metergate.receiver.Amb8465;
import org.metergate.receiver.Framing;
import org.metergate.receiver.HexLines;
import org.metergate.receiver.Im871a;
import org.metergate.wmbus.FrameFormat;
import org.metergate.wmbus.WmbusFrames;

/** Where simulated wireless telegrams go: a USB stick's framing on a pty, or a TCP text feed. */
public final class WirelessSinks {
    private WirelessSinks() {
    }

    /**
     * A receiver stick on a tty (one end of a socat pair): telegrams in the stick's framing, CRCs removed
     * as the stick does, RSSI attached. What the gateway writes (the set-mode command) is read and ignored.
     */
    public static WirelessTransmitter.Sink dongle(Path tty, Framing framing) throws IOException {
        if (!framing.binary()) {
            throw new IllegalArgumentException("a dongle sink needs im871a or amb8465");
        }
        FileChannel out = FileChannel.open(tty, StandardOpenOption.WRITE);
        FileChannel in = FileChannel.open(tty, StandardOpenOption.READ);
        Thread drain = new Thread(() -> {
            byte[] b = new byte[256];
            try (var s = Channels.newInputStream(in)) {
                while (s.read(b) >= 0) {
                    // commands from the gateway: accepted silently (the simulated stick is always in the right mode)
                }
            } catch (IOException ignored) {
                // closed
            }
        }, "sim-wmbus-dongle-drain");
        drain.setDaemon(true);
        drain.start();
        OutputStream os = Channels.newOutputStream(out);
        return new WirelessTransmitter.Sink() {
            @Override
            public synchronized void send(byte[] frame, FrameFormat format, int rssi) throws IOException {
                byte[] stripped = WmbusFrames.canonical(frame, format);
                byte[] msg = framing == Framing.IM871A
                        ? Im871a.indication(stripped, Im871a.dbmToRssi(rssi), true)
                        : Amb8465.dataIndication(stripped, Amb8465.dbmToRssi(rssi));
                os.write(msg);
                os.flush();
            }

            @Override
            public void close() {
                closeQuietly(out);
                closeQuietly(in);
            }
        };
    }

    /** A TCP server on 127.0.0.1 (or {@code bind}) sending every telegram as a hex line with ;rssi to every connected client. */
    public static LineServer lineServer(String bind, int port) throws IOException {
        return new LineServer(bind, port);
    }

    /** The TCP text feed: frames as sent (with their CRCs), {@code HEX;RSSI} lines. */
    public static final class LineServer implements WirelessTransmitter.Sink {
        private final ServerSocket server;
        private final Set<Socket> clients = ConcurrentHashMap.newKeySet();

        LineServer(String bind, int port) throws IOException {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName(bind == null ? "127.0.0.1" : bind), port));
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        clients.add(server.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "sim-wmbus-tcp-" + server.getLocalPort());
            t.setDaemon(true);
            t.start();
        }

        public int port() {
            return server.getLocalPort();
        }

        public int clients() {
            return clients.size();
        }

        @Override
        public void send(byte[] frame, FrameFormat format, int rssi) {
            byte[] line = (HexLines.line(frame, rssi) + "\n").getBytes(StandardCharsets.US_ASCII);
            for (Socket c : clients) {
                try {
                    c.getOutputStream().write(line);
                    c.getOutputStream().flush();
                } catch (IOException e) {
                    clients.remove(c);
                    closeQuietly(c);
                }
            }
        }

        @Override
        public void close() {
            closeQuietly(server);
            clients.forEach(WirelessSinks::closeQuietly);
        }
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing
        }
    }
}
