package org.metergate.admin;

import java.util.Optional;

/** Checks a user name and password against the gateway's own user store. */
public interface Authenticator {
    Optional<AuthenticatedUser> authenticate(String username, char[] password);
}
