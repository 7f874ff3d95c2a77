package org.metergate.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.metergate.config.ConfigException;

/** Checks at start that a configured listening port can be bound, so a clash is an error that names the setting. */
final class PortCheck {

    private PortCheck() {}

    static void requireFree(String what, String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new ConfigException("cannot listen on " + host + ":" + port + " for the " + what + ": "
                    + e.getMessage() + " (is another gateway or program using it?)");
        }
    }
}
