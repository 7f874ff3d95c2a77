package org.metergate.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.metergate.admin.AuthenticatedUser;
import org.metergate.admin.SystemLog;
import org.metergate.admin.UserException;
import org.metergate.admin.UserService;

/** Finds who makes an API call (HTTP Basic or the session cookie) and whether they may. */
public final class RequestAuthenticator {

    public static final String PASSWORD_CHANGE_PATH = "/api/users/me/password";

    private final UserService users;
    private final Sessions sessions;
    private final SystemLog systemLog;

    public RequestAuthenticator(UserService users, Sessions sessions, SystemLog systemLog) {
        this.users = users;
        this.sessions = sessions;
        this.systemLog = systemLog;
    }

    public Sessions sessions() {
        return sessions;
    }

    public UserService users() {
        return users;
    }

    void check(ApiRequest request, Access access) {
        if (access == Access.PUBLIC) {
            return;
        }
        AuthenticatedUser user = identify(request);
        request.setUser(user);
        if (access == Access.ANY_USER) {
            return;
        }
        if (user.mustChangePassword()) {
            throw new ApiException(403, "password change required",
                    "The default password must be changed before the gateway can be used: POST "
                            + PASSWORD_CHANGE_PATH + " with {\"currentPassword\":\"...\",\"newPassword\":\"...\"}");
        }
        if (access == Access.ADMIN && !user.isAdmin()) {
            throw new ApiException(403, "admin role required");
        }
    }

    private AuthenticatedUser identify(ApiRequest request) {
        Optional<String> authorization = request.header("Authorization");
        if (authorization.isPresent() && authorization.get().regionMatches(true, 0, "Basic ", 0, 6)) {
            String[] pair = decodeBasic(authorization.get().substring(6).trim());
            return login(request, pair[0], pair[1].toCharArray());
        }
        Optional<String> token = request.cookie(Sessions.COOKIE);
        if (token.isPresent()) {
            Optional<String> username = sessions.user(token.get());
            if (username.isPresent()) {
                try {
                    var info = users.get(username.get());
                    return new AuthenticatedUser(info.username(), info.role(), info.mustChangePassword());
                } catch (UserException gone) {
                    sessions.close(token.get());
                }
            }
            throw new ApiException(401, "session expired, log in again");
        }
        throw new ApiException(401, "authentication required");
    }

    /** Checks credentials; a failure is logged (flood control keeps a brute-force run from filling the log). */
    AuthenticatedUser login(ApiRequest request, String username, char[] password) {
        return users.authenticate(username, password).orElseThrow(() -> {
            systemLog.warning("auth", "Failed login from " + request.remoteAddress());
            return new ApiException(401, "wrong user name or password");
        });
    }

    private static String[] decodeBasic(String encoded) {
        String text;
        try {
            text = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(401, "malformed Basic authorization header");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new ApiException(401, "malformed Basic authorization header");
        }
        return new String[] {text.substring(0, colon), text.substring(colon + 1)};
    }
}
