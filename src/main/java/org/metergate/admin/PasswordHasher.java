package org.metergate.admin;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/** Argon2id password hashes in PHC string form, parameters after OWASP's minimum (19 MiB, 2 passes). */
public final class PasswordHasher {

    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);

    public String hash(char[] password) {
        return Password.hash(new String(password)).addRandomSalt(16).with(ARGON2ID).getResult();
    }

    public boolean verify(char[] password, String hash) {
        try {
            return Password.check(new String(password), hash).with(Argon2Function.getInstanceFromHash(hash));
        } catch (RuntimeException e) {
            // A hash we cannot parse never matches.
            return false;
        }
    }
}
