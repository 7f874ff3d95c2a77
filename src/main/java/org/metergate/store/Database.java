package org.metergate.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's database: a connection pool, the schema migrations and a clean shutdown.
 * Embedded Derby needs an explicit shutdown so the next start does not have to run crash recovery.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final DatabaseSettings settings;
    private final HikariDataSource dataSource;
    private volatile boolean closed;
    private static final int HEALTH_TIMEOUT_SECONDS = 3;
    private static final java.util.concurrent.Executor HEALTH_THREAD = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "metergate-db-health");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<CompletableFuture<Boolean>> healthCheck = new AtomicReference<>();

    private Database(DatabaseSettings settings, HikariDataSource dataSource) {
        this.settings = settings;
        this.dataSource = dataSource;
    }

    /** Opens the pool and brings the schema up to date. */
    public static Database open(DatabaseSettings settings) {
        DatabaseEngine engine = settings.engine();
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(settings.url());
        if (!settings.user().isEmpty()) {
            hc.setUsername(settings.user());
            hc.setPassword(settings.password());
        }
        hc.setPoolName("metergate-db");
        hc.setMaximumPoolSize(Math.max(2, settings.poolSize()));
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(10_000);
        hc.setInitializationFailTimeout(1);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open database " + settings.displayUrl(), e);
        }
        Database db = new Database(settings, ds);
        try {
            db.migrate();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        LOG.info("Database {} ({}) ready", settings.displayUrl(), engine.displayName());
        return db;
    }

    private void migrate() {
        try {
            var config = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration");
            if (engine() == DatabaseEngine.DERBY) {
                config.callbacks(new DerbyHistoryTables());
            }
            MigrateResult result = config.load().migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("Applied {} schema migration(s), schema now at version {}",
                        result.migrationsExecuted, result.targetSchemaVersion);
            }
        } catch (RuntimeException e) {
            throw new StoreException("schema migration failed on " + settings.displayUrl(), e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public DatabaseEngine engine() {
        return settings.engine();
    }

    public DatabaseSettings settings() {
        return settings;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** Work done on one connection inside a transaction. */
    @FunctionalInterface
    public interface TransactionWork<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws, so
     * either all of it happens or none. The connection goes back to the pool in auto-commit mode.
     */
    public <T> T inTransaction(TransactionWork<T> work) throws SQLException {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * True when a connection can be had and answers within a few seconds. The check runs on its own
     * thread and concurrent callers share one check, so a stuck pool cannot pile up health requests.
     */
    public boolean isHealthy() {
        if (closed) {
            return false;
        }
        CompletableFuture<Boolean> check = healthCheck.updateAndGet(f -> f != null && !f.isDone() ? f
                : CompletableFuture.supplyAsync(this::probe, HEALTH_THREAD));
        try {
            return check.get(HEALTH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean probe() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Size of the database on disk (Derby) or as the server reports it (PostgreSQL), -1 if unknown. */
    public long sizeBytes() {
        if (engine() == DatabaseEngine.POSTGRESQL) {
            try (Connection c = connection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
                return rs.next() ? rs.getLong(1) : -1;
            } catch (SQLException e) {
                return -1;
            }
        }
        Path dir = derbyDirectory();
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private Path derbyDirectory() {
        String rest = settings.url().substring("jdbc:derby:".length());
        int semi = rest.indexOf(';');
        return Path.of(semi >= 0 ? rest.substring(0, semi) : rest);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        dataSource.close();
        if (engine() == DatabaseEngine.DERBY) {
            shutdownDerby();
        }
        LOG.info("Database {} closed", settings.displayUrl());
    }

    private void shutdownDerby() {
        String url = "jdbc:derby:" + derbyDirectory() + ";shutdown=true";
        try {
            DriverManager.getConnection(url).close();
        } catch (SQLException e) {
            // Derby reports a successful shutdown of one database as SQLState 08006.
            if (!"08006".equals(e.getSQLState())) {
                LOG.warn("Derby shutdown of {} reported: {}", derbyDirectory(), e.getMessage());
            }
        }
    }
}
