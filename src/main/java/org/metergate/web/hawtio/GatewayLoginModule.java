package org.metergate.web.hawtio;

import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.CredentialExpiredException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

import org.metergate.admin.AuthenticatedUser;
import org.metergate.admin.Authenticator;

/**
 * JAAS login module that checks Hawtio logins against the gateway's own user store.
 * <p>
 * On success the subject gets a {@link UserPrincipal} and one {@link RolePrincipal} named after the user's
 * role ({@code admin} or {@code viewer}). Whether that role may use the console is decided by Hawtio
 * ({@code hawtio.roles}); this module only checks the password. Users who still have to change their
 * password are refused, like everywhere else in the gateway.
 * <p>
 * <b>Why a static holder:</b> JAAS creates login modules itself, by class name from the login configuration,
 * with a no-argument constructor, so there is no way to hand an instance its {@link Authenticator}. The
 * {@link HawtioServer} therefore registers the authenticator here while it runs and removes it on close. The
 * holder lives in this class (loaded by the application class loader, which the Hawtio web application's
 * class loader delegates to for {@code org.metergate} classes), so it is shared with the module instances
 * JAAS creates for Hawtio. Without a registered authenticator every login fails.
 */
public final class GatewayLoginModule implements LoginModule {

    private static final AtomicReference<Authenticator> AUTHENTICATOR = new AtomicReference<>();

    private Subject subject;
    private CallbackHandler callbackHandler;
    private AuthenticatedUser user;
    private final List<Principal> added = new ArrayList<>();

    /** Registers the user store; fails when another one is registered already (one console per JVM). */
    static void register(Authenticator authenticator) {
        if (!AUTHENTICATOR.compareAndSet(null, authenticator)) {
            throw new IllegalStateException("a Hawtio console is already running in this JVM");
        }
    }

    /** Removes the user store if it is the registered one. */
    static void unregister(Authenticator authenticator) {
        AUTHENTICATOR.compareAndSet(authenticator, null);
    }

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
                           Map<String, ?> options) {
        this.subject = subject;
        this.callbackHandler = callbackHandler;
    }

    @Override
    public boolean login() throws LoginException {
        Authenticator authenticator = AUTHENTICATOR.get();
        if (authenticator == null) {
            throw new LoginException("the gateway's user store is not available");
        }
        if (callbackHandler == null) {
            throw new LoginException("no callback handler to ask for user name and password");
        }
        NameCallback name = new NameCallback("username");
        PasswordCallback password = new PasswordCallback("password", false);
        try {
            callbackHandler.handle(new Callback[] {name, password});
        } catch (IOException | UnsupportedCallbackException e) {
            LoginException le = new LoginException("cannot read user name and password: " + e.getMessage());
            le.initCause(e);
            throw le;
        }
        String username = name.getName();
        char[] secret = password.getPassword();
        password.clearPassword();
        if (username == null || username.isBlank() || secret == null) {
            throw new FailedLoginException("user name and password required");
        }
        Optional<AuthenticatedUser> result;
        try {
            result = authenticator.authenticate(username, secret);
        } finally {
            Arrays.fill(secret, '\0');
        }
        AuthenticatedUser authenticated = result
                .orElseThrow(() -> new FailedLoginException("invalid user name or password"));
        if (authenticated.mustChangePassword()) {
            throw new CredentialExpiredException(
                    "user " + authenticated.username() + " must change the password before using the console");
        }
        this.user = authenticated;
        return true;
    }

    @Override
    public boolean commit() {
        if (user == null) {
            return false;
        }
        added.add(new UserPrincipal(user.username()));
        added.add(new RolePrincipal(user.role().id()));
        if (!subject.isReadOnly()) {
            subject.getPrincipals().addAll(added);
        }
        return true;
    }

    @Override
    public boolean abort() {
        boolean hadUser = user != null;
        clear();
        return hadUser;
    }

    @Override
    public boolean logout() {
        // Hawtio logs out with a fresh module instance, so remove the principals by type, not by memory.
        if (subject != null && !subject.isReadOnly()) {
            subject.getPrincipals().removeIf(p -> p instanceof UserPrincipal || p instanceof RolePrincipal);
        }
        clear();
        return true;
    }

    private void clear() {
        if (subject != null && !subject.isReadOnly()) {
            subject.getPrincipals().removeAll(added);
        }
        added.clear();
        user = null;
    }
}
