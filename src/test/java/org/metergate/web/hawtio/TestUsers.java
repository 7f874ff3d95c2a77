package org.metergate.web.hawtio;

import java.util.Map;
import java.util.Optional;

import org.metergate.admin.AuthenticatedUser;
import org.metergate.admin.Authenticator;
import org.metergate.admin.Role;

/** A small real user store for the tests: plain passwords in a map. */
final class TestUsers {

    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-secret-1";
    static final String VIEWER = "viewer";
    static final String VIEWER_PASSWORD = "viewer-secret-1";
    /** An admin who still has the default password and must change it. */
    static final String FRESH_ADMIN = "fresh";
    static final String FRESH_PASSWORD = "fresh";

    private record Entry(String password, Role role, boolean mustChange) {
    }

    private static final Map<String, Entry> USERS = Map.of(
            ADMIN, new Entry(ADMIN_PASSWORD, Role.ADMIN, false),
            VIEWER, new Entry(VIEWER_PASSWORD, Role.VIEWER, false),
            FRESH_ADMIN, new Entry(FRESH_PASSWORD, Role.ADMIN, true));

    private TestUsers() {
    }

    static Authenticator authenticator() {
        return (username, password) -> Optional.ofNullable(USERS.get(username))
                .filter(e -> e.password().equals(new String(password)))
                .map(e -> new AuthenticatedUser(username, e.role(), e.mustChange()));
    }
}
