package org.metergate.web.hawtio;

import java.io.Serializable;
import java.security.Principal;
import java.util.Objects;

/** The gateway user name of a JAAS subject authenticated by {@link GatewayLoginModule}. */
public record UserPrincipal(String name) implements Principal, Serializable {

    public UserPrincipal {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String getName() {
        return name;
    }
}
