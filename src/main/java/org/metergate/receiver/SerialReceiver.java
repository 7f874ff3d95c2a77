package org.metergate.receiver;

import com.fazecast.jSerialComm.SerialPort;
import org.metergate.serial.SerialPorts;
import java.io.IOException;
import java.time.Clock;
import org.metergate.wmbus.FrameFormat;

/**
 * A USB receiver stick on a serial port through jSerialComm (8N1 at the stick's speed), told its
 * listening mode at every open. A port that cannot be opened or fails (stick pulled) is retried,
 * backing off from 1 s to 30 s. Pseudo terminals (socat, the simulator) keep their settings.
 */
public final class SerialReceiver implements Receiver {
    private final String id;
    private final String portName;
    private final int baud;
    private final Framing framing;
    private final LinkMode mode;
    private final Clock clock;
    private volatile boolean running;
    private volatile SerialPort port;
    private Thread thread;

    public SerialReceiver(String id, String portName, int baud, Framing framing, LinkMode mode, Clock clock) {
        this.id = id;
        this.portName = portName;
        this.baud = baud > 0 ? baud : framing.defaultBaud();
        this.framing = framing;
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
        thread = ReceiverThreads.start(id, "serial", () -> loop(listener));
    }

    private void loop(FrameListener listener) {
        Reconnecting retry = new Reconnecting(1000);
        retry.loop(() -> running, () -> {
            SerialPort p = open();
            port = p;
            retry.connected();
            read(p, listener);
        }, (e, backoff) -> listener.onError(new FramingException(FramingException.Kind.TRUNCATED, id, e.getMessage()
                + "; retrying in " + backoff + " ms")), () -> {
            SerialPort p = port;
            port = null;
            if (p != null) {
                p.closePort();
            }
        });
    }

    private SerialPort open() throws IOException {
        SerialPort p = SerialPorts.open(portName, baud, SerialPort.NO_PARITY, 500);
        byte[] init = framing.initCommand(mode);
        if (init.length > 0 && p.writeBytes(init, init.length) != init.length) {
            p.closePort();
            throw new IOException("cannot write the set-mode command to " + portName);
        }
        return p;
    }

    private void read(SerialPort p, FrameListener listener) throws IOException {
        FrameParser parser = framing.parser(id, listener, clock, FrameFormat.AUTO);
        byte[] buf = new byte[1024];
        boolean pending = false;
        try {
            while (running) {
                int n = p.readBytes(buf, buf.length); // 0 after the 500 ms read timeout
                if (n < 0) {
                    throw new IOException("read from " + portName + " failed (error " + p.getLastErrorCode() + ")");
                }
                if (n == 0) {
                    if (pending && framing.binary()) {
                        parser.end(); // idle with a partial message: report it and start afresh
                        pending = false;
                    }
                    continue;
                }
                parser.feed(buf, 0, n);
                pending = true;
            }
        } finally {
            parser.end();
        }
    }

    @Override
    public String describe() {
        return "serial " + portName + "@" + baud + " (" + framing.name().toLowerCase() + ", " + mode + ")";
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
