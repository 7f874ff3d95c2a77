package org.metergate.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Login sessions for the web UI: random tokens in an HttpOnly cookie, forgotten after an idle time.
 * Kept in memory on purpose: a restart logs everybody out, which is what operators expect of an appliance.
 */
public final class Sessions {

    public static final String COOKIE = "metergate_session";

    private record Session(String username, Instant lastSeen) {}

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Duration idle;
    private final Clock clock;

    public Sessions(Duration idle, Clock clock) {
        this.idle = idle;
        this.clock = clock;
    }

    public String open(String username) {
        purge();
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        sessions.put(token, new Session(username, clock.instant()));
        return token;
    }

    /** The user of a live session, refreshing its idle timer. */
    public Optional<String> user(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Session s = sessions.get(token);
        Instant now = clock.instant();
        if (s == null || now.isAfter(s.lastSeen().plus(idle))) {
            sessions.remove(token);
            return Optional.empty();
        }
        sessions.put(token, new Session(s.username(), now));
        return Optional.of(s.username());
    }

    public void close(String token) {
        if (token != null) {
            sessions.remove(token);
        }
    }

    /** Ends every session of a user (after a password change or deletion). */
    public void closeAll(String username) {
        sessions.values().removeIf(s -> s.username().equals(username));
    }

    private void purge() {
        Instant limit = clock.instant().minus(idle);
        sessions.values().removeIf(s -> s.lastSeen().isBefore(limit));
    }

    public String cookie(String token) {
        return COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + idle.toSeconds();
    }

    public static String expiredCookie() {
        return COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
    }
}
