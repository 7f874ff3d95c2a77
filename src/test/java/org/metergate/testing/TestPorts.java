package org.metergate.testing;

import java.io.IOException;
import java.net.ServerSocket;

/** Loopback ports for servers under test. */
public final class TestPorts {
    private TestPorts() {
    }

    /** A port that was free a moment ago (the OS hands out ephemeral ports in turn, so reuse is unlikely). */
    public static int free() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
