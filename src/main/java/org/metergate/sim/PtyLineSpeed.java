package org.metergate.sim;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The speed a master set on its end of a pty pair (Linux): a socat pair carries bytes, not bits, so
 * the speed the master's serial stack (jSerialComm {@code setBaudRate}) configured lives only in that
 * tty's termios. This reads it there (ioctl TCGETS on a second, never-read descriptor of the same tty)
 * each time the simulator receives bytes; the master sets the speed before it writes, so the bytes
 * read were sent at the speed read.
 */
public final class PtyLineSpeed implements LineSpeed, Closeable {

    private static final int O_RDONLY = 0;
    private static final int O_NOCTTY = 0400;
    private static final int O_NONBLOCK = 04000;
    private static final long TCGETS = 0x5401;
    private static final int CBAUD = 0010017;
    private static final int BOTHER = 0010000;
    /** termios speed codes B300 (07) … B38400 (017), indexed by code. */
    private static final int[] SPEEDS = {0, 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200, 38400};

    /** The C library calls used; JNA binds them by name. */
    interface LibC extends Library {
        int open(String path, int flags);

        int ioctl(int fd, NativeLong request, byte[] argp);

        int close(int fd);
    }

    private final Path path;
    private final LibC libc;
    private final int fd;
    private final int fallback;

    /**
     * @param masterEnd the pty the master opens (socat's link), not the simulator's end
     * @param fallback  the speed assumed if the tty reports one that is not a standard code
     */
    public PtyLineSpeed(Path masterEnd, int fallback) throws IOException {
        if (!Platform.isLinux()) {
            throw new IOException("reading a pty's line speed needs Linux (termios ioctl)");
        }
        this.path = masterEnd;
        this.fallback = fallback;
        this.libc = Native.load("c", LibC.class);
        this.fd = libc.open(masterEnd.toString(), O_RDONLY | O_NOCTTY | O_NONBLOCK);
        if (fd < 0) {
            throw new IOException("cannot open " + masterEnd + " to read its line speed (errno " + Native.getLastError() + ")");
        }
    }

    @Override
    public int baud() {
        byte[] termios = new byte[64]; // struct termios (kernel): 4 flag words, line, control characters
        if (libc.ioctl(fd, new NativeLong(TCGETS), termios) != 0) {
            return fallback;
        }
        int cflag = ByteBuffer.wrap(termios, 8, 4).order(ByteOrder.nativeOrder()).getInt();
        int code = cflag & CBAUD;
        return (code & BOTHER) == 0 && code < SPEEDS.length && SPEEDS[code] > 0 ? SPEEDS[code] : fallback;
    }

    @Override
    public String toString() {
        return "line speed of " + path;
    }

    @Override
    public void close() {
        libc.close(fd);
    }
}
