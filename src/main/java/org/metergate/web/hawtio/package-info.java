/**
 * The embedded Hawtio console (Hawtio 4.2.0 war in Jetty 12 ee10) with log-in against the gateway's users.
 * <p>
 * Start-up, before the Camel main runs (JMX must be on: {@code camel.main.jmx-enabled=true}):
 * <pre>{@code
 * Optional<HawtioServer> hawtio = HawtioServer.startIfEnabled(
 *         new HawtioSettings(enabled, "127.0.0.1", 8081), authenticator, dataDir.resolve("hawtio"));
 * // ... and on shutdown: hawtio.ifPresent(HawtioServer::close);
 * }</pre>
 * Only users with the {@code admin} role who need not change their password get in; anonymous requests to
 * {@code /hawtio/jolokia} are answered 403.
 */
package org.metergate.web.hawtio;
