package org.metergate.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Optional;
import org.metergate.store.Database;
import org.metergate.store.DatabaseSettings;

/**
 * The engines the store is tested on: embedded Derby on disk always; PostgreSQL when
 * METERGATE_TEST_PG_URL (with METERGATE_TEST_PG_USER / METERGATE_TEST_PG_PASSWORD) names a server,
 * as .ci/run does after installing and starting one.
 */
public final class TestDatabases {

    public static final String PG_URL = "METERGATE_TEST_PG_URL";

    private TestDatabases() {}

    public static Database derby(Path dir) {
        return Database.open(new DatabaseSettings(DatabaseSettings.derbyUrl(dir.resolve("db")), "", "", 4));
    }

    public static Optional<DatabaseSettings> postgresql() {
        String url = System.getenv(PG_URL);
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new DatabaseSettings(url, env("METERGATE_TEST_PG_USER"), env("METERGATE_TEST_PG_PASSWORD"), 4));
    }

    /** A fresh PostgreSQL database: the test schema is dropped and recreated so every run starts empty. */
    public static Database freshPostgresql(DatabaseSettings settings) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
        }
        return Database.open(settings);
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "" : v;
    }
}
