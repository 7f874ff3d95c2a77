package org.metergate.bus;

import com.fazecast.jSerialComm.SerialPort;
import org.metergate.serial.SerialPorts;
import com.fazecast.jSerialComm.SerialPortTimeoutException;
import java.io.IOException;

/**
 * A serial M-Bus level converter through jSerialComm: 8 data bits, even parity, 1 stop bit (A1).
 * Pseudo terminals (socat, the simulator) reject parity settings, so their configuration is left alone.
 * The speed can be switched on the open port, per meter ({@link #switchBaud}); a reopened port starts
 * at the bus's default speed again.
 */
public final class SerialTransport implements Transport {

    private final String portName;
    private final int defaultBaud;
    private int baud;
    private SerialPort port;

    public SerialTransport(String portName, int baud) {
        this.portName = portName;
        this.defaultBaud = baud;
        this.baud = baud;
    }

    @Override
    public void open() throws IOException {
        if (isOpen()) {
            return;
        }
        port = SerialPorts.open(portName, defaultBaud, SerialPort.EVEN_PARITY, 100);
        baud = defaultBaud;
    }

    @Override
    public boolean isOpen() {
        return port != null && port.isOpen();
    }

    @Override
    public void write(byte[] data) throws IOException {
        requireOpen();
        int written = port.writeBytes(data, data.length);
        if (written != data.length) {
            throw new IOException("write to " + describe() + " failed (" + written + " of " + data.length + " bytes)");
        }
    }

    @Override
    public int read(byte[] buffer, int timeoutMillis) throws IOException {
        requireOpen();
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, Math.max(1, timeoutMillis), 0);
        try {
            int n = port.readBytes(buffer, buffer.length);
            if (n < 0) {
                throw new IOException("read from " + describe() + " failed (error " + port.getLastErrorCode() + ")");
            }
            return n;
        } catch (SerialPortTimeoutException e) {
            return 0;
        }
    }

    @Override
    public void discardInput() throws IOException {
        requireOpen();
        byte[] scratch = new byte[256];
        while (port.bytesAvailable() > 0) {
            port.readBytes(scratch, Math.min(scratch.length, port.bytesAvailable()));
        }
    }

    private void requireOpen() throws IOException {
        if (!isOpen()) {
            throw new IOException("serial port " + describe() + " is not open");
        }
    }

    @Override
    public int baud() {
        return baud;
    }

    @Override
    public int defaultBaud() {
        return defaultBaud;
    }

    @Override
    public boolean canSwitchBaud() {
        return true;
    }

    /** jSerialComm reconfigures the open port with the new speed and the stored 8E1 format. */
    @Override
    public void switchBaud(int newBaud) throws IOException {
        requireOpen();
        if (newBaud == baud) {
            return;
        }
        if (!port.setBaudRate(newBaud)) {
            throw new IOException("cannot switch " + describe() + " to " + newBaud + " baud (error " + port.getLastErrorCode() + ")");
        }
        baud = newBaud;
    }

    @Override
    public String describe() {
        return portName + "@" + baud;
    }

    @Override
    public void close() {
        if (port != null) {
            port.closePort();
            port = null;
        }
    }
}
