package org.metergate.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.metergate.admin.AuthenticatedUser;
import org.metergate.admin.Role;
import org.metergate.admin.SystemLog;
import org.metergate.admin.UserException;
import org.metergate.admin.UserInfo;

/** Login, logout, password change and user administration (SPEC H1). */
public final class AuthApi extends ApiRouteBuilder {

    public record LoginBody(String username, String password) {}

    public record PasswordBody(String currentPassword, String newPassword) {}

    public record NewUserBody(String username, String password, String role) {}

    public record UserUpdateBody(String password, String role) {}

    public AuthApi(RequestAuthenticator auth, SystemLog systemLog) {
        super(auth, systemLog);
    }

    @Override
    protected void api() {
        rest("/api").description("Users and login")
                .post("/login").description("Log in with {username, password}; sets the session cookie").produces("application/json").to("direct:api-login")
                .post("/logout").description("End the session").to("direct:api-logout")
                .get("/users/me").description("The logged-in user").produces("application/json").to("direct:api-me")
                .post("/users/me/password").description("Change the own password: {currentPassword, newPassword}").to("direct:api-password")
                .get("/users").description("List users (admin)").produces("application/json").to("direct:api-users-list")
                .post("/users").description("Create a user (admin): {username, password, role}").produces("application/json").to("direct:api-users-create")
                .get("/users/{username}").description("One user (admin)").produces("application/json")
                    .to("direct:api-users-get")
                .put("/users/{username}").description("Change role and/or password of a user (admin): {password?, role?}").produces("application/json").to("direct:api-users-update")
                .delete("/users/{username}").description("Delete a user (admin)").to("direct:api-users-delete");

        operation("api-login", Access.PUBLIC, this::login);
        operation("api-logout", Access.PUBLIC, r -> {
            r.cookie(Sessions.COOKIE).ifPresent(auth.sessions()::close);
            return new ApiResponse(204, null, null, Map.of("Set-Cookie", Sessions.expiredCookie()));
        });
        operation("api-me", Access.ANY_USER, r -> me(r.user()));
        operation("api-password", Access.ANY_USER, this::changePassword);
        operation("api-users-list", Access.ADMIN, r -> auth.users().list());
        operation("api-users-create", Access.ADMIN, this::create);
        operation("api-users-get", Access.ADMIN, r -> users(() -> auth.users().get(r.path("username"))));
        operation("api-users-update", Access.ADMIN, this::update);
        operation("api-users-delete", Access.ADMIN, r -> {
            String name = r.path("username");
            users(() -> {
                auth.users().delete(name);
                return null;
            });
            auth.sessions().closeAll(name);
            systemLog.info("users", "User " + name + " deleted by " + r.user().username());
            return null;
        });
    }

    private Object login(ApiRequest r) {
        LoginBody body = r.body(LoginBody.class);
        if (body.username() == null || body.password() == null) {
            throw ApiException.badRequest("username and password are required");
        }
        AuthenticatedUser user = auth.login(r, body.username(), body.password().toCharArray());
        String token = auth.sessions().open(user.username());
        return ApiResponse.json(200, me(user)).withHeader("Set-Cookie", auth.sessions().cookie(token));
    }

    private static Map<String, Object> me(AuthenticatedUser user) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("username", user.username());
        m.put("role", user.role().id());
        m.put("mustChangePassword", user.mustChangePassword());
        return m;
    }

    private Object changePassword(ApiRequest r) {
        PasswordBody body = r.body(PasswordBody.class);
        if (body.newPassword() == null) {
            throw ApiException.badRequest("newPassword is required");
        }
        String name = r.user().username();
        users(() -> {
            auth.users().changeOwnPassword(name, body.currentPassword() == null ? null : body.currentPassword().toCharArray(),
                    body.newPassword().toCharArray());
            return null;
        });
        systemLog.info("users", "User " + name + " changed the password");
        // A new password ends every session of the user (one opened with the old password may be someone else's);
        // a caller who came with a session cookie gets a fresh session, so the UI stays logged in.
        auth.sessions().closeAll(name);
        ApiResponse response = ApiResponse.json(200, Map.of("username", name, "passwordChanged", true));
        if (r.cookie(Sessions.COOKIE).isPresent()) {
            response = response.withHeader("Set-Cookie", auth.sessions().cookie(auth.sessions().open(name)));
        }
        return response;
    }

    private Object create(ApiRequest r) {
        NewUserBody body = r.body(NewUserBody.class);
        Role role = role(body.role() == null ? "viewer" : body.role());
        UserInfo created = users(() -> auth.users().create(body.username(),
                body.password() == null ? null : body.password().toCharArray(), role));
        systemLog.info("users", "User " + created.username() + " (" + role.id() + ") created by " + r.user().username());
        return ApiResponse.json(201, created);
    }

    private Object update(ApiRequest r) {
        String name = r.path("username");
        UserUpdateBody body = r.body(UserUpdateBody.class);
        Role role = body.role() == null ? null : role(body.role());
        UserInfo updated = users(() -> auth.users().update(name,
                body.password() == null ? null : body.password().toCharArray(), role));
        if (body.password() != null) {
            auth.sessions().closeAll(name);
        }
        systemLog.info("users", "User " + name + " changed by " + r.user().username());
        return updated;
    }

    private static Role role(String text) {
        try {
            return Role.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private interface UserCall<T> {
        T run();
    }

    /** Maps the user service's refusals to HTTP statuses. */
    private static <T> T users(UserCall<T> call) {
        try {
            return call.run();
        } catch (UserException e) {
            int status = switch (e.reason()) {
                case INVALID -> 400;
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case WRONG_PASSWORD -> 403;
            };
            throw new ApiException(status, e.getMessage());
        }
    }
}
