package org.metergate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.store.Database;
import org.metergate.testing.MutableClock;
import org.metergate.testing.TestDatabases;

/** Users on a real Derby database: the rules an admin relies on. */
class UserServiceTest {

    @TempDir
    Path dir;

    private Database db;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private UserService users;

    @BeforeEach
    void open() {
        db = TestDatabases.derby(dir);
        users = new UserService(db, new PasswordHasher(), clock);
        users.ensureDefaultAdmin(Optional.of("admin-password"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aRefusedUpdateChangesNothing() {
        users.create("carol", "carol-password".toCharArray(), Role.VIEWER);

        assertThatThrownBy(() -> users.update("carol", "short".toCharArray(), Role.ADMIN))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("at least 8");

        assertThat(users.get("carol").role()).isEqualTo(Role.VIEWER);
        assertThat(users.authenticate("carol", "carol-password".toCharArray())).isPresent();
    }
}
