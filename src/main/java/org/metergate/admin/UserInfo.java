package org.metergate.admin;

import java.time.Instant;

/** A user as the API shows it: never the hash. */
public record UserInfo(String username, Role role, boolean mustChangePassword, Instant created, Instant updated) {}
