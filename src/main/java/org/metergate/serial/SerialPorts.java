package org.metergate.serial;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens serial ports the same way for the wired master and the wireless receivers: 8 data bits,
 * one stop bit, semi-blocking reads, and no line configuration on pseudo-terminals (socat ptys and
 * simulators), where setting it fails.
 */
public final class SerialPorts {

    private SerialPorts() {}

    /**
     * @param parity        a jSerialComm parity constant (M-Bus: EVEN_PARITY, radio sticks: NO_PARITY)
     * @param readTimeoutMs how long a read waits for the first byte
     * @throws IOException naming the port when it does not exist or cannot be opened
     */
    public static SerialPort open(String name, int baud, int parity, int readTimeoutMs) throws IOException {
        SerialPort p;
        try {
            p = SerialPort.getCommPort(name);
        } catch (RuntimeException e) {
            throw new IOException("no serial port " + name + ": " + e.getMessage(), e);
        }
        if (isPseudoTerminal(name)) {
            p.disablePortConfiguration();
        }
        p.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, parity);
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, readTimeoutMs, 0);
        if (!p.openPort()) {
            throw new IOException("cannot open serial port " + name + "@" + baud + " (error " + p.getLastErrorCode()
                    + "; is it present and not used by another program?)");
        }
        return p;
    }

    static boolean isPseudoTerminal(String name) {
        try {
            return Path.of(name).toRealPath().toString().startsWith("/dev/pts/");
        } catch (IOException | RuntimeException e) {
            return name.startsWith("/dev/pts/");
        }
    }
}
