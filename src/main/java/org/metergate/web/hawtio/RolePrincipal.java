package org.metergate.web.hawtio;

import java.io.Serializable;
import java.security.Principal;
import java.util.Objects;

/**
 * A gateway role ({@code admin} or {@code viewer}, see {@link org.metergate.admin.Role#id()}) held by a JAAS
 * subject. Hawtio checks it by class name ({@code hawtio.rolePrincipalClasses}) and name ({@code hawtio.roles}).
 */
public record RolePrincipal(String name) implements Principal, Serializable {

    public RolePrincipal {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String getName() {
        return name;
    }
}
