package org.metergate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metergate.admin.LogLevel;
import org.metergate.admin.LogQuery;
import org.metergate.admin.LogRetention;
import org.metergate.admin.PasswordHasher;
import org.metergate.admin.Role;
import org.metergate.admin.SystemLogRepository;
import org.metergate.admin.UserException;
import org.metergate.admin.UserService;
import org.metergate.testing.MutableClock;

/** The schema and every repository, run unchanged against each engine (Derby and PostgreSQL subclasses). */
abstract class StoreContract {

    protected Database db;
    protected final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00.123Z"));

    protected abstract Database open() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        db = open();
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void migrationsCreateTheSchemaAndAreRecorded() throws Exception {
        try (Connection c = db.connection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" = TRUE")) {
            rs.next();
            assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(1);
        }
        for (String table : new String[] {"system_log", "app_user", "setting", "gateway_start"}) {
            try (Connection c = db.connection(); ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void reopeningMigratesNothingAndKeepsData() throws Exception {
        new SettingRepository(db, clock).put("k", "v");
        DatabaseSettings settings = db.settings();
        db.close();
        db = Database.open(settings);
        assertThat(new SettingRepository(db, clock).find("k")).contains("v");
    }

    @Test
    void timestampsRoundTripInUtcToTheMillisecond() {
        SystemLogRepository logs = new SystemLogRepository(db);
        logs.insert(clock.instant(), LogLevel.ERROR, "src", "boom");
        var page = logs.find(new LogQuery(LogLevel.ERROR, clock.instant(), clock.instant().plusMillis(1), "boo", 0, 10));
        assertThat(page.entries()).singleElement().satisfies(e -> {
            assertThat(e.timestamp()).isEqualTo(clock.instant());
            assertThat(e.level()).isEqualTo(LogLevel.ERROR);
            assertThat(e.source()).isEqualTo("src");
        });
    }

    @Test
    void logCursorStreamsTheFilteredLogOldestFirstAndGivesItsConnectionBack() throws Exception {
        SystemLogRepository logs = new SystemLogRepository(db);
        for (int i = 0; i < 1200; i++) {
            logs.insert(clock.instant().plusSeconds(i), i % 2 == 0 ? LogLevel.INFO : LogLevel.ERROR, "src", "m" + i);
        }
        java.util.List<String> seen = new java.util.ArrayList<>();
        try (Cursor<org.metergate.admin.LogEntry> c = logs.open(new LogQuery(LogLevel.ERROR, clock.instant().plusSeconds(10),
                clock.instant().plusSeconds(1010), null, 0, LogQuery.MAX_PAGE_SIZE))) {
            c.forEachRemaining(e -> seen.add(e.message()));
        }
        assertThat(seen).hasSize(500).startsWith("m11", "m13").endsWith("m1009");
        for (int i = 0; i < 10; i++) { // more than the pool: closing early must give the connection back
            try (Cursor<org.metergate.admin.LogEntry> c = logs.open(LogQuery.all())) {
                assertThat(c.next().message()).isEqualTo("m0");
            }
        }
        try (Connection c = db.connection()) {
            assertThat(c.getAutoCommit()).isTrue();
        }
    }

    @Test
    void logPagingRetentionAndSizeCap() {
        SystemLogRepository logs = new SystemLogRepository(db);
        for (int i = 0; i < 30; i++) {
            logs.insert(clock.instant(), LogLevel.INFO, "s", "row " + i);
            clock.advance(Duration.ofDays(1));
        }
        assertThat(logs.find(new LogQuery(null, null, null, null, 2, 10)).entries().get(0).message()).isEqualTo("row 9");
        int byAge = new LogRetention(logs, Duration.ofDays(10), Long.MAX_VALUE, clock).run().deletedByAge();
        assertThat(byAge).isEqualTo(20);
        assertThat(logs.deleteOldest(5)).isEqualTo(5);
        assertThat(logs.count()).isEqualTo(5);
    }

    @Test
    void settingsAreUpserted() {
        SettingRepository settings = new SettingRepository(db, clock);
        assertThat(settings.find("a")).isEmpty();
        settings.put("a", "1");
        settings.put("a", "2");
        assertThat(settings.find("a")).contains("2");
        assertThat(settings.getOrCreate("b", () -> "x")).isEqualTo("x");
        assertThat(settings.getOrCreate("b", () -> "y")).isEqualTo("x");
    }

    @Test
    void startsAreCounted() {
        StartRepository starts = new StartRepository(db);
        starts.record(clock.instant(), "1.0");
        starts.record(clock.instant(), "1.0");
        assertThat(starts.count()).isEqualTo(2);
    }

    @Test
    void usersLifecycle() {
        UserService users = new UserService(db, new PasswordHasher(), clock);
        assertThat(users.ensureDefaultAdmin(Optional.empty())).isTrue();
        assertThat(users.ensureDefaultAdmin(Optional.empty())).isFalse();
        assertThat(users.authenticate("admin", "admin".toCharArray())).hasValueSatisfying(u -> {
            assertThat(u.role()).isEqualTo(Role.ADMIN);
            assertThat(u.mustChangePassword()).isTrue();
        });

        users.changeOwnPassword("admin", "admin".toCharArray(), "correct horse".toCharArray());
        assertThat(users.authenticate("admin", "admin".toCharArray())).isEmpty();
        assertThat(users.authenticate("admin", "correct horse".toCharArray()))
                .hasValueSatisfying(u -> assertThat(u.mustChangePassword()).isFalse());

        users.create("viewer1", "viewer-pass".toCharArray(), Role.VIEWER);
        assertThatThrownBy(() -> users.create("viewer1", "viewer-pass".toCharArray(), Role.VIEWER))
                .isInstanceOf(UserException.class).hasMessageContaining("exists");
        assertThat(users.list()).extracting(u -> u.username()).containsExactly("admin", "viewer1");

        users.update("viewer1", "new-password".toCharArray(), Role.ADMIN);
        assertThat(users.authenticate("viewer1", "new-password".toCharArray()))
                .hasValueSatisfying(u -> assertThat(u.role()).isEqualTo(Role.ADMIN));
        users.delete("viewer1");
        assertThatThrownBy(() -> users.delete("admin")).hasMessageContaining("last admin");
        assertThatThrownBy(() -> users.update("admin", null, Role.VIEWER)).hasMessageContaining("last admin");
    }
}
