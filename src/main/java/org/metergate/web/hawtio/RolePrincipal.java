package org.metergate.web.hawtio;

import java.io.Serializable;
import java.security.Principal;
import java.util.Objects;

/**
 * A gateway role ({@code admin} or {@code viewer}, see {@link org.metergate.admin.Role#id()}) held by a JAAS
 * subject. Hawtio checks it by class name ({@code hawtio.rolePrincipalClasses}) and name ({@code hawtio.roles}).
 */
public final class RolePrincipal implements Principal, Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;

    public RolePrincipal(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RolePrincipal other && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "RolePrincipal[" + name + "]";
    }
}
