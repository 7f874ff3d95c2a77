package org.metergate.admin;

/** A user whose credentials were checked. */
public record AuthenticatedUser(String username, Role role, boolean mustChangePassword) {
    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
