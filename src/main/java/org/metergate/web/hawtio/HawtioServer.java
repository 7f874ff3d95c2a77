package org.metergate.web.hawtio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.security.auth.login.Configuration;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ClassMatcher;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.metergate.admin.Authenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Hawtio console: Hawtio's war in a Jetty of its own at {@code http://host:port/hawtio/}.
 * <p>
 * Log-in is checked against the gateway's own users through JAAS ({@link GatewayLoginModule}); only users with
 * the {@code admin} role get in, viewers and anonymous requests are refused, including Hawtio's Jolokia endpoint
 * {@code /hawtio/jolokia} (HTTP Basic credentials or the session cookie of {@code POST /hawtio/auth/login}).
 * <p>
 * Hawtio reads its configuration from JVM system properties and JAAS reads its configuration from a file, so
 * while a console runs it sets these system properties (the previous values come back on {@link #close()}):
 * {@value #AUTHENTICATION_ENABLED}, {@value #REALM}, {@value #ROLES}, {@value #ROLE_PRINCIPAL_CLASSES},
 * {@value #DISABLE_PROXY}, {@value #JAAS_CONFIG}; {@value #AUTH} (which would override the first) is cleared.
 * Hence at most one console runs per JVM.
 */
public final class HawtioServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HawtioServer.class);

    /** Where the build puts Hawtio's war on the class path. */
    static final String WAR_RESOURCE = "/hawtio/hawtio.war";
    static final String CONTEXT_PATH = "/hawtio";
    /** The JAAS realm (application name in login.conf) Hawtio logs in with. */
    static final String JAAS_REALM = "metergate";
    /** The name of the console's session cookie. */
    public static final String SESSION_COOKIE = "METERGATE_HAWTIO_SESSION";

    static final String AUTHENTICATION_ENABLED = "hawtio.authenticationEnabled";
    static final String AUTH = "hawtio.auth";
    static final String REALM = "hawtio.realm";
    static final String ROLES = "hawtio.roles";
    static final String ROLE_PRINCIPAL_CLASSES = "hawtio.rolePrincipalClasses";
    static final String DISABLE_PROXY = "hawtio.disableProxy";
    static final String JAAS_CONFIG = "java.security.auth.login.config";

    private final Server server;
    private final Authenticator authenticator;
    private final Map<String, String> previousProperties;
    private final String host;
    private final int port;
    private boolean closed;

    private HawtioServer(Server server, Authenticator authenticator, Map<String, String> previousProperties,
                         String host, int port) {
        this.server = server;
        this.authenticator = authenticator;
        this.previousProperties = previousProperties;
        this.host = host;
        this.port = port;
    }

    /** Starts the console when {@code settings.enabled()}, otherwise returns empty. */
    public static Optional<HawtioServer> startIfEnabled(HawtioSettings settings, Authenticator authenticator,
                                                        Path workDir) {
        return settings.enabled() ? Optional.of(start(settings, authenticator, workDir)) : Optional.empty();
    }

    /**
     * Extracts Hawtio's war into {@code workDir}, writes the JAAS configuration there, sets Hawtio's system
     * properties and starts Jetty.
     *
     * @param settings      host and port ({@code enabled} must be true); port 0 picks a free port
     * @param authenticator the gateway's user store; only {@code admin} users may log in
     * @param workDir       a directory for the war, {@code login.conf} and Jetty's temporary files (created)
     * @throws IllegalStateException when the port is taken (the message names host:port), when another console
     *                               runs in this JVM, or when Jetty or Hawtio fail to start
     * @throws UncheckedIOException  when the war cannot be extracted or the work directory written
     */
    public static HawtioServer start(HawtioSettings settings, Authenticator authenticator, Path workDir) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(workDir, "workDir");
        if (!settings.enabled()) {
            throw new IllegalArgumentException("the Hawtio console is disabled in its settings");
        }
        String address = settings.host() + ":" + settings.port();
        Path war;
        Path loginConf;
        try {
            Files.createDirectories(workDir);
            war = extractWar(workDir.resolve("hawtio.war"));
            loginConf = writeLoginConf(workDir.resolve("login.conf"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Hawtio console in " + workDir + ": " + e.getMessage(), e);
        }

        GatewayLoginModule.register(authenticator);
        Map<String, String> previous = setProperties(loginConf);
        Server server = newServer(settings, war, workDir);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            restoreProperties(previous);
            GatewayLoginModule.unregister(authenticator);
            if (causedByBind(e)) {
                throw new IllegalStateException("Hawtio console cannot listen on " + address
                        + ": the address is in use or not available (" + e.getMessage() + ")", e);
            }
            throw new IllegalStateException("Hawtio console failed to start on " + address + ": " + e, e);
        }
        int bound = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        HawtioServer started = new HawtioServer(server, authenticator, previous, settings.host(), bound);
        LOG.info("Hawtio console at {}", started.uri());
        return started;
    }

    /** The port Jetty listens on (the chosen one when the settings asked for port 0). */
    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    /** The console's address, e.g. {@code http://127.0.0.1:8081/hawtio/}. */
    public URI uri() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port + CONTEXT_PATH + "/");
    }

    /** Stops Jetty, restores the system properties and forgets the user store. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopQuietly(server);
        restoreProperties(previousProperties);
        GatewayLoginModule.unregister(authenticator);
        LOG.info("Hawtio console stopped");
    }

    private static Server newServer(HawtioSettings settings, Path war, Path workDir) {
        QueuedThreadPool threads = new QueuedThreadPool(50, 4);
        threads.setName("hawtio");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        server.addConnector(connector);

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(CONTEXT_PATH);
        webapp.setWar(war.toString());
        webapp.setTempDirectory(workDir.resolve("jetty").toFile());
        webapp.setTempDirectoryPersistent(false);
        webapp.setThrowUnavailableOnStartupException(true);
        // Cookies are not port-scoped: use a name of our own (the REST API on 8080 may have its own session),
        // and keep the console's session out of cross-site requests.
        webapp.getSessionHandler().setSessionCookie(SESSION_COOKIE);
        webapp.getSessionHandler().setSameSite(HttpCookie.SameSite.STRICT);
        // Hawtio brings its own Jolokia; keep any copy of the gateway's out of its sight.
        webapp.addHiddenClassMatcher(new ClassMatcher("org.jolokia."));
        // Hawtio logs through the gateway's SLF4J and Logback, not the Log4j it bundles.
        webapp.addProtectedClassMatcher(new ClassMatcher("org.slf4j."));
        // Hawtio's LogoutServlet calls request.logout(), which Jetty 12 answers with "logout failed" (500) when
        // no Jetty SecurityHandler is in place; Hawtio's own session clean-up after it then never runs.
        webapp.addFilter(new FilterHolder(new NoContainerLogoutFilter()), "/auth/logout",
                EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(webapp);
        server.setStopTimeout(2000);
        return server;
    }

    /** Copies the war from the class path unless an identical-sized copy is there already. */
    static Path extractWar(Path target) throws IOException {
        URL url = HawtioServer.class.getResource(WAR_RESOURCE);
        if (url == null) {
            throw new IOException("Hawtio's war is not on the class path as " + WAR_RESOURCE
                    + " (the Maven build copies it there at generate-resources)");
        }
        URLConnection connection = url.openConnection();
        connection.setUseCaches(false);
        long size = connection.getContentLengthLong();
        if (size >= 0 && Files.isRegularFile(target) && Files.size(target) == size) {
            return target;
        }
        Path tmp = Files.createTempFile(target.getParent(), "hawtio", ".war.tmp");
        try (InputStream in = connection.getInputStream()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    static Path writeLoginConf(Path target) throws IOException {
        String conf = "/* written by metergate at each start of the Hawtio console */\n"
                + JAAS_REALM + " {\n"
                + "    " + GatewayLoginModule.class.getName() + " required;\n"
                + "};\n";
        Files.writeString(target, conf, StandardCharsets.UTF_8);
        return target;
    }

    private static synchronized Map<String, String> setProperties(Path loginConf) {
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put(AUTHENTICATION_ENABLED, "true");
        wanted.put(AUTH, null);
        wanted.put(REALM, JAAS_REALM);
        wanted.put(ROLES, "admin");
        wanted.put(ROLE_PRINCIPAL_CLASSES, RolePrincipal.class.getName());
        wanted.put(DISABLE_PROXY, "true");
        wanted.put(JAAS_CONFIG, loginConf.toAbsolutePath().toUri().toString());
        Map<String, String> previous = new LinkedHashMap<>();
        wanted.forEach((key, value) -> {
            previous.put(key, System.getProperty(key));
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
        refreshJaas();
        return previous;
    }

    private static synchronized void restoreProperties(Map<String, String> previous) {
        previous.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
        refreshJaas();
    }

    /** JAAS caches its configuration; make it read java.security.auth.login.config again. */
    private static void refreshJaas() {
        try {
            Configuration.getConfiguration().refresh();
        } catch (RuntimeException e) {
            LOG.warn("Cannot reload the JAAS configuration: {}", e.toString());
        }
    }

    /** Makes {@code request.logout()} a no-op: the console's log-in lives in Hawtio's session, not in Jetty. */
    private static final class NoContainerLogoutFilter implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            if (request instanceof HttpServletRequest http) {
                request = new HttpServletRequestWrapper(http) {
                    @Override
                    public void logout() {
                        // nothing to do: there is no container authentication
                    }
                };
            }
            chain.doFilter(request, response);
        }
    }

    private static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Stopping the Hawtio console failed: {}", e.toString());
        }
    }
}
