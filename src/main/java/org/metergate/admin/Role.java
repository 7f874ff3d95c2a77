package org.metergate.admin;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a user may do: an admin changes things, a viewer only reads. */
public enum Role {
    ADMIN, VIEWER;

    /** The name the API uses in both directions (JSON bodies, {@code /api/users/me}): "admin", "viewer". */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        for (Role r : values()) {
            if (r.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "' (expected admin or viewer)");
    }
}
