package org.metergate.web;

/** Who may call an API operation. */
public enum Access {
    /** Anyone, no credentials (health, login). */
    PUBLIC,
    /** Any logged-in user, even one who still has to change the default password. */
    ANY_USER,
    /** Any logged-in user whose password is not the forced-change default. */
    VIEWER,
    /** Admins only. */
    ADMIN
}
