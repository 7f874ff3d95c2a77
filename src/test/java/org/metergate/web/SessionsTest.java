package org.metergate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Login sessions: idle expiry, and that an ended session stays ended whatever runs at the same time. */
class SessionsTest {

    /** A clock tests can move, and that runs a hook (once) when read: a way to interleave threads exactly. */
    private static final class HookClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-25T10:00:00Z");
        final AtomicReference<Runnable> onRead = new AtomicReference<>();

        @Override
        public Instant instant() {
            Runnable r = onRead.getAndSet(null);
            if (r != null) {
                r.run();
            }
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final HookClock clock = new HookClock();
    private final Sessions sessions = new Sessions(Duration.ofMinutes(30), clock);

    @Test
    void idleSessionsExpireAndUseKeepsThemAlive() {
        String token = sessions.open("alice");
        clock.now = clock.now.plus(Duration.ofMinutes(29));
        assertThat(sessions.user(token)).contains("alice");
        clock.now = clock.now.plus(Duration.ofMinutes(29));
        assertThat(sessions.user(token)).contains("alice");
        clock.now = clock.now.plus(Duration.ofMinutes(31));
        assertThat(sessions.user(token)).isEmpty();
        assertThat(sessions.user("forged")).isEmpty();
        assertThat(sessions.user(null)).isEmpty();
    }

    @Test
    void theCookieDoesNotOutliveActivityInTheBrowser() {
        // The server keeps a used session alive; a cookie with Max-Age=<idle> would still be dropped by the
        // browser <idle> after login, logging out a user who is working. Idle expiry is the server's job.
        String cookie = sessions.cookie(sessions.open("alice"));
        assertThat(cookie).startsWith(Sessions.COOKIE + "=").contains("HttpOnly", "SameSite=Strict", "Path=/")
                .doesNotContainIgnoringCase("Max-Age").doesNotContainIgnoringCase("Expires");
        assertThat(Sessions.expiredCookie()).contains("Max-Age=0");
    }

    @Test
    void logoutDuringAConcurrentRequestStaysLoggedOut() {
        String token = sessions.open("alice");
        clock.onRead.set(() -> sessions.close(token)); // logout lands while another request checks the session
        sessions.user(token);
        assertThat(sessions.user(token)).as("session after logout").isEmpty();
    }

    @Test
    void endingAllSessionsOfAUserDuringAConcurrentRequestEndsThem() {
        String token = sessions.open("alice");
        String other = sessions.open("bob");
        clock.onRead.set(() -> sessions.closeAll("alice")); // password change lands while a request checks the session
        sessions.user(token);
        assertThat(sessions.user(token)).as("session after closeAll").isEmpty();
        assertThat(sessions.user(other)).contains("bob");
    }
}
