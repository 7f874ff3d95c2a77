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

    /**
     * The user of a live session, refreshing its idle timer. Check and refresh are one atomic step on the
     * map, so a logout or password change that ends the session at the same time is never undone.
     */
    public Optional<String> user(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session s = sessions.computeIfPresent(token,
                (t, old) -> now.isAfter(old.lastSeen().plus(idle)) ? null : new Session(old.username(), now));
        return s == null ? Optional.empty() : Optional.of(s.username());
    }

    public void close(String token) {
        if (token != null) {
            sessions.remove(token);
        }
    }

    /** Ends every session of a user (after a password change or deletion), also ones being refreshed right now. */
    public void closeAll(String username) {
        for (String token : sessions.keySet()) {
            sessions.computeIfPresent(token, (t, s) -> s.username().equals(username) ? null : s);
        }
    }

    private void purge() {
        Instant limit = clock.instant().minus(idle);
        for (String token : sessions.keySet()) {
            sessions.computeIfPresent(token, (t, s) -> s.lastSeen().isBefore(limit) ? null : s);
        }
    }

    /**
     * The cookie for a new session: a browser-session cookie without Max-Age. The idle timeout is enforced
     * here on the server, which refreshes it on every use; a Max-Age would end a busy user's session in the
     * browser a fixed time after login.
     */
    public String cookie(String token) {
        return COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
    }

    public static String expiredCookie() {
        return COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
    }
}
