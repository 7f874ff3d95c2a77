package org.metergate.bus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * An M-Bus-over-IP converter: raw M-Bus bytes over a TCP connection (A1). The converter's serial side
 * runs at the speed it is configured for, which the master cannot change over the socket: {@link #baud()}
 * is that speed, and switching to another one fails (a meter of another speed cannot be read through it).
 */
public final class TcpTransport implements Transport {

    private final String host;
    private final int port;
    private final int baud;
    private final int connectTimeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public TcpTransport(String host, int port, int baud, int connectTimeoutMillis) {
        this.host = host;
        this.port = port;
        this.baud = baud;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    @Override
    public void open() throws IOException {
        if (isOpen()) {
            return;
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot connect to M-Bus converter " + describe() + ": " + e.getMessage(), e);
        }
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
    }

    @Override
    public boolean isOpen() {
        return socket != null && !socket.isClosed();
    }

    @Override
    public void write(byte[] data) throws IOException {
        requireOpen();
        out.write(data);
        out.flush();
    }

    @Override
    public int read(byte[] buffer, int timeoutMillis) throws IOException {
        requireOpen();
        socket.setSoTimeout(Math.max(1, timeoutMillis));
        try {
            int n = in.read(buffer);
            if (n < 0) {
                close();
                throw new IOException("M-Bus converter " + describe() + " closed the connection");
            }
            return n;
        } catch (SocketTimeoutException timeout) {
            return 0;
        }
    }

    @Override
    public void discardInput() throws IOException {
        requireOpen();
        while (in.available() > 0) {
            if (in.skip(in.available()) <= 0) {
                break;
            }
        }
    }

    private void requireOpen() throws IOException {
        if (!isOpen()) {
            throw new IOException("transport " + describe() + " is not open");
        }
    }

    @Override
    public int baud() {
        return baud;
    }

    @Override
    public String describe() {
        return "tcp://" + host + ":" + port;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken socket: nothing left to do
            }
            socket = null;
        }
    }
}
