package org.metergate.app;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.SimpleMainShutdownStrategy;
import org.metergate.GatewayIdentity;
import org.metergate.Product;
import org.metergate.admin.FloodControl;
import org.metergate.admin.LogLevel;
import org.metergate.admin.LogRetention;
import org.metergate.admin.PasswordHasher;
import org.metergate.admin.SystemLog;
import org.metergate.admin.SystemLogRepository;
import org.metergate.admin.UserService;
import org.metergate.config.ConfigException;
import org.metergate.config.GatewayConfig;
import org.metergate.schedule.GatewayScheduler;
import org.metergate.store.Database;
import org.metergate.store.DatabaseSettings;
import org.metergate.store.SettingRepository;
import org.metergate.store.StartRepository;
import org.metergate.web.ApiFallbacks;
import org.metergate.web.AuthApi;
import org.metergate.web.GatewayHealth;
import org.metergate.web.LogApi;
import org.metergate.web.RequestAuthenticator;
import org.metergate.web.RestSetup;
import org.metergate.web.Sessions;
import org.metergate.web.SystemApi;
import org.metergate.web.hawtio.HawtioServer;
import org.metergate.web.hawtio.HawtioSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the gateway together: data directory, database, system log, users, then Camel Main with
 * the REST API, the housekeeping routes and the integrators' routes from the routes directory.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(60);

    private final GatewayConfig config;
    private final Path dataDir;
    private final Clock clock = Clock.systemUTC();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private Database db;
    private SystemLog systemLog;
    private GatewayIdentity identity;
    private Main main;
    private MainListenerSupport listener;
    private final List<GatewayModule> modules;

    public Gateway(GatewayConfig config, Optional<Path> dataDirOption) {
        this(config, dataDirOption, List.of(new ReadoutModule(), new BusCommandModule(), new KeysModule(), new WirelessModule(),
                new DeliveryModule(), new ReportModule()));
    }

    /** With other modules (embedding, tests that replace a module's parts). */
    public Gateway(GatewayConfig config, Optional<Path> dataDirOption, List<GatewayModule> modules) {
        this.config = config;
        this.modules = List.copyOf(modules);
        this.dataDir = dataDirOption.orElseGet(() -> Path.of(config.get("metergate.data"))).toAbsolutePath().normalize();
    }

    /** Starts everything and blocks until the JVM is asked to stop (SIGTERM, Ctrl-C); then shuts down cleanly. */
    public void runUntilStopped() throws Exception {
        try {
            prepare();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
        // Our own shutdown hook instead of Camel's hangup interceptor: the JVM halts as soon as the
        // hooks return, so the hook must wait until routes, Hawtio and the database are closed.
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            LOG.info("Shutdown requested");
            main.completed();
            try {
                closed.await(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "metergate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            main.run();
        } finally {
            close();
            closed.countDown();
        }
    }

    /** Starts everything and returns (tests, embedding). */
    public Gateway start() throws Exception {
        try {
            prepare();
            main.start();
            // Main.start() (unlike Main.run()) does not call the listeners' afterStart: do it here
            // so an embedded gateway gets the same start hooks (API fallbacks, modules' hooks).
            listener.afterStart(main);
            return this;
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private void prepare() throws Exception {
        Instant started = clock.instant();
        // Camel only logs a port it cannot bind and carries on without an API; refuse to start instead.
        PortCheck.requireFree("web/REST API (metergate.http.port)", config.get("metergate.http.host"),
                config.getInt("metergate.http.port"));
        if (config.getBoolean("metergate.hawtio.enabled")) {
            PortCheck.requireFree("Hawtio (metergate.hawtio.port)", config.get("metergate.hawtio.host"),
                    config.getInt("metergate.hawtio.port"));
        }
        createDataDir();
        // Derby writes its own diagnostics file; keep it with the data, not in the working directory.
        System.setProperty("derby.stream.error.file", dataDir.resolve("derby.log").toString());
        db = Database.open(databaseSettings());
        closeables.add(db);

        SettingRepository settings = new SettingRepository(db, clock);
        String serial = settings.getOrCreate("gateway.serial", Gateway::newSerial);
        identity = new GatewayIdentity(serial, hostName(), dataDir, started, config.get("metergate.report.product-name", ""));
        StartRepository starts = new StartRepository(db);
        starts.record(started, Product.version());

        SystemLogRepository logRepository = new SystemLogRepository(db);
        systemLog = new SystemLog(logRepository, logLevel(),
                new FloodControl(Duration.ofSeconds(config.getInt("metergate.log.flood-window-seconds"))), clock);
        LogRetention retention = new LogRetention(logRepository,
                Duration.ofDays(config.getInt("metergate.log.retention-days")),
                config.getLong("metergate.log.max-size-mb") * 1024 * 1024, clock);

        UserService users = new UserService(db, new PasswordHasher(), clock);
        if (users.ensureDefaultAdmin(config.find("metergate.admin.password"))) {
            systemLog.info("users", config.find("metergate.admin.password").isPresent()
                    ? "Admin user created with the password from METERGATE_ADMIN_PASSWORD"
                    : "Admin user created with the default password; it must be changed at first login");
        }
        Sessions sessions = new Sessions(Duration.ofMinutes(config.getInt("metergate.session.idle-minutes")), clock);
        RequestAuthenticator auth = new RequestAuthenticator(users, sessions, systemLog);
        HawtioServer.startIfEnabled(new HawtioSettings(config.getBoolean("metergate.hawtio.enabled"),
                        config.get("metergate.hawtio.host"), config.getInt("metergate.hawtio.port")),
                users, dataDir.resolve("hawtio"))
                .ifPresent(hawtio -> {
                    closeables.add(hawtio);
                    LOG.info("Hawtio console on {}", hawtio.uri());
                });

        GatewayScheduler scheduler = new GatewayScheduler();
        closeables.add(scheduler);
        GatewayServices services = new GatewayServices(config, dataDir, clock, db, settings, systemLog, users, auth,
                identity, scheduler);
        ModuleWiring wiring = new ModuleWiring(closeables);
        for (GatewayModule module : modules) {
            module.install(services, wiring);
        }

        main = new Main();
        main.setShutdownStrategy(new SimpleMainShutdownStrategy());
        Properties camel = new Properties();
        camel.putAll(config.metergateProperties());
        camel.setProperty("camel.main.name", Product.NAME);
        camel.setProperty("camel.main.jmxEnabled", "true");
        camel.setProperty("camel.main.shutdownTimeout", "15");
        camel.setProperty("camel.main.routesIncludePattern", routesPattern());
        camel.setProperty("camel.server.enabled", "true");
        camel.setProperty("camel.server.host", config.get("metergate.http.host"));
        camel.setProperty("camel.server.port", String.valueOf(config.getInt("metergate.http.port")));
        // Multipart uploads (meter lists) are spooled with the data, not in the working directory.
        camel.setProperty("camel.server.fileUploadDirectory", dataDir.resolve("uploads").toString());
        camel.putAll(wiring.properties());
        camel.putAll(config.camelProperties());
        main.setInitialProperties(camel);

        main.bind("systemLog", systemLog);
        main.bind("metergateDataSource", db.dataSource());
        main.bind("gatewayScheduler", scheduler);
        wiring.beans().forEach(main::bind);
        main.configure().addRoutesBuilder(new RestSetup());
        main.configure().addRoutesBuilder(new SystemApi(auth, systemLog, db, identity, starts, clock, scheduler));
        main.configure().addRoutesBuilder(new AuthApi(auth, systemLog));
        main.configure().addRoutesBuilder(new LogApi(auth, systemLog));
        main.configure().addRoutesBuilder(new HousekeepingRoutes(systemLog, retention));
        wiring.routes().forEach(main.configure()::addRoutesBuilder);
        listener = new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                m.getCamelContext().getRegistry().bind("gatewayHealth", new GatewayHealth(m.getCamelContext(), db));
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                ApiFallbacks.install(m.getCamelContext(), config.getInt("metergate.http.port"));
                wiring.afterStartHooks().forEach(hook -> hook.accept(m.getCamelContext()));
                systemLog.info("gateway", Product.NAME + " " + Product.version() + " started (serial " + serial
                        + ", data " + dataDir + ", " + db.engine().displayName() + "), API on http://"
                        + config.get("metergate.http.host") + ":" + config.get("metergate.http.port") + "/api");
            }

            @Override
            public void beforeStop(BaseMainSupport m) {
                systemLog.info("gateway", "Stopping");
            }
        };
        main.addMainListener(listener);
    }

    private String routesPattern() {
        Path dir = Path.of(config.get("metergate.routes.dir")).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            LOG.warn("Routes directory {} does not exist; no integration routes loaded", dir);
        }
        String base = "file:" + dir.toString().replace('\\', '/');
        return base + "/*.yaml," + base + "/*.xml";
    }

    private DatabaseSettings databaseSettings() {
        Optional<String> url = config.find("metergate.db.url");
        if (url.isEmpty()) {
            return new DatabaseSettings(DatabaseSettings.derbyUrl(dataDir.resolve("db")), "", "",
                    config.getInt("metergate.db.pool-size"));
        }
        return new DatabaseSettings(url.get(), config.get("metergate.db.user", ""), config.get("metergate.db.password", ""),
                config.getInt("metergate.db.pool-size"));
    }

    private LogLevel logLevel() {
        try {
            return LogLevel.parse(config.get("metergate.log.level"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("metergate.log.level: " + e.getMessage());
        }
    }

    private void createDataDir() {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new ConfigException("cannot create data directory " + dataDir + ": " + e.getMessage());
        }
        if (!Files.isWritable(dataDir)) {
            throw new ConfigException("data directory " + dataDir + " is not writable");
        }
    }

    private static String newSerial() {
        byte[] b = new byte[4];
        new java.security.SecureRandom().nextBytes(b);
        return HexFormat.of().withUpperCase().formatHex(b);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    public SystemLog systemLog() {
        return systemLog;
    }

    public Database database() {
        return db;
    }

    public GatewayIdentity identity() {
        return identity;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public synchronized void close() {
        if (main != null && main.isStarted()) {
            try {
                main.stop();
            } catch (Exception e) {
                LOG.warn("Camel stop reported: {}", e.getMessage());
            }
        }
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                LOG.warn("Closing {} reported: {}", closeables.get(i), e.getMessage());
            }
        }
        closeables.clear();
    }
}
