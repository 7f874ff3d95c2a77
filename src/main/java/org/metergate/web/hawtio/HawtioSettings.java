package org.metergate.web.hawtio;

import java.util.Objects;

/**
 * Where the embedded Hawtio console listens.
 *
 * @param enabled whether the console is started at all
 * @param host    the address to bind, 127.0.0.1 by default (the console is local only unless configured)
 * @param port    the TCP port, 8081 by default; 0 picks a free port (see {@link HawtioServer#port()})
 */
public record HawtioSettings(boolean enabled, String host, int port) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8081;

    public HawtioSettings {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("Hawtio host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Hawtio port " + port + " is out of range 0..65535");
        }
    }

    /** Enabled, on 127.0.0.1:8081. */
    public static HawtioSettings defaults() {
        return new HawtioSettings(true, DEFAULT_HOST, DEFAULT_PORT);
    }
}
