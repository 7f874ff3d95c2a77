package org.metergate.web.hawtio;

import java.io.Serializable;
import java.security.Principal;
import java.util.Objects;

/** The gateway user a JAAS subject was logged in as. */
public final class UserPrincipal implements Principal, Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;

    public UserPrincipal(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserPrincipal other && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "UserPrincipal[" + name + "]";
    }
}
