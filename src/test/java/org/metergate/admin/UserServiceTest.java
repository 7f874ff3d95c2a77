package org.metergate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
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

    @Test
    void meIsNotAUserNameBecauseTheApiPathUsersMeIsTheCaller() {
        assertThatThrownBy(() -> users.create("me", "me-password".toCharArray(), Role.VIEWER))
                .isInstanceOf(UserException.class)
                .satisfies(e -> assertThat(((UserException) e).reason()).isEqualTo(UserException.Reason.INVALID))
                .hasMessageContaining("'me'");
        assertThat(users.list()).extracting(UserInfo::username).containsExactly("admin");
        users.create("meter.reader", "reader-password".toCharArray(), Role.VIEWER);
    }

    @Test
    void twoAdminsDemotedAtOnceNeverLeaveTheGatewayWithoutAdmin() throws Exception {
        users.create("admin2", "admin2-password".toCharArray(), Role.ADMIN);
        // A clock that lets a second admin's demotion run exactly between the first one's
        // last-admin check and its write (the service reads the clock in between).
        AtomicReference<Runnable> interleave = new AtomicReference<>();
        Clock hooked = new Clock() {
            @Override
            public Instant instant() {
                Runnable r = interleave.getAndSet(null);
                if (r != null) {
                    r.run();
                }
                return clock.instant();
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        UserService service = new UserService(db, new PasswordHasher(), hooked);
        CompletableFuture<Void> other = new CompletableFuture<>();
        interleave.set(() -> {
            Thread t = new Thread(() -> {
                try {
                    service.update("admin2", null, Role.VIEWER);
                    other.complete(null);
                } catch (RuntimeException e) {
                    other.completeExceptionally(e);
                }
            });
            t.start();
            try {
                other.get(1, TimeUnit.SECONDS); // finishes only if nothing keeps it out
            } catch (TimeoutException expected) {
                // blocked until this update is done: what a correct service does
            } catch (Exception e) {
                // the other update failed; checked below
            }
        });

        Throwable first = null;
        try {
            service.update("admin", null, Role.VIEWER);
        } catch (UserException e) {
            first = e;
        }
        Throwable second = null;
        try {
            other.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            second = e.getCause();
        }

        long admins = service.list().stream().filter(u -> u.role() == Role.ADMIN).count();
        assertThat(admins).as("admins left (first: %s, second: %s)", first, second).isEqualTo(1);
        assertThat(first == null ? second : first).isInstanceOf(UserException.class).hasMessageContaining("last admin");
    }
}
