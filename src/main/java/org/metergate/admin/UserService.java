package org.metergate.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Users and their passwords (SPEC H1). Argon2id is deliberately slow, so a successful check is
 * remembered for a few minutes under a peppered digest: HTTP Basic clients that send credentials
 * with every request do not pay the hash each time. Any change to a user forgets its entries.
 */
public final class UserService implements Authenticator {

    public static final String DEFAULT_ADMIN = "admin";
    public static final int MIN_PASSWORD_LENGTH = 8;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    /** The API's name for the logged-in user (/api/users/me). */
    private static final String RESERVED_ME = "me";
    private static final Duration VERIFIED_TTL = Duration.ofMinutes(5);

    private final UserRepository repository;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final byte[] pepper = new byte[32];
    private final Map<String, Instant> verified = new ConcurrentHashMap<>();
    /** Serialises role changes and deletions, so the last-admin check and the write cannot interleave. */
    private final Object adminChange = new Object();

    public UserService(org.metergate.store.Database db, PasswordHasher hasher, Clock clock) {
        this.repository = new UserRepository(db);
        this.hasher = hasher;
        this.clock = clock;
        new SecureRandom().nextBytes(pepper);
    }

    /**
     * Creates the default admin on an empty user table: with the given password (headless installs,
     * METERGATE_ADMIN_PASSWORD) and no forced change, or with "admin" that must be changed first.
     * Returns true when the admin was created now.
     */
    public boolean ensureDefaultAdmin(Optional<String> initialPassword) {
        if (repository.count() > 0) {
            return false;
        }
        if (initialPassword.isPresent()) {
            char[] pw = initialPassword.get().toCharArray();
            requireStrong(pw);
            return repository.insert(DEFAULT_ADMIN, hasher.hash(pw), Role.ADMIN, false, clock.instant());
        }
        return repository.insert(DEFAULT_ADMIN, hasher.hash(DEFAULT_ADMIN.toCharArray()), Role.ADMIN, true, clock.instant());
    }

    @Override
    public Optional<AuthenticatedUser> authenticate(String username, char[] password) {
        if (username == null || password == null || !USERNAME.matcher(username).matches()) {
            return Optional.empty();
        }
        Optional<UserRepository.StoredUser> stored = repository.find(username);
        if (stored.isEmpty()) {
            // Spend the same time as for a real user, so response times do not reveal which names exist.
            hasher.verify(password, DUMMY_HASH);
            return Optional.empty();
        }
        UserInfo info = stored.get().info();
        String digest = digest(username, password, stored.get().passwordHash());
        Instant until = verified.get(digest);
        Instant now = clock.instant();
        if (until == null || now.isAfter(until)) {
            if (!hasher.verify(password, stored.get().passwordHash())) {
                return Optional.empty();
            }
            verified.put(digest, now.plus(VERIFIED_TTL));
        }
        return Optional.of(new AuthenticatedUser(info.username(), info.role(), info.mustChangePassword()));
    }

    private static final String DUMMY_HASH = new PasswordHasher().hash("not-a-password".toCharArray());

    private String digest(String username, char[] password, String hash) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(pepper);
            md.update(username.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(new String(password).getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(hash.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<UserInfo> list() {
        return repository.list();
    }

    public UserInfo get(String username) {
        return repository.find(username).map(UserRepository.StoredUser::info)
                .orElseThrow(() -> new UserException(UserException.Reason.NOT_FOUND, "no user '" + username + "'"));
    }

    public UserInfo create(String username, char[] password, Role role) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new UserException(UserException.Reason.INVALID,
                    "user name must be 1 to 64 characters of letters, digits, '.', '_', '@' or '-'");
        }
        if (username.equals(RESERVED_ME)) {
            // GET /api/users/me is the caller, so a user named "me" could never be looked at.
            throw new UserException(UserException.Reason.INVALID, "'" + RESERVED_ME + "' is reserved and cannot be a user name");
        }
        requireStrong(password);
        if (!repository.insert(username, hasher.hash(password), role, false, clock.instant())) {
            throw new UserException(UserException.Reason.CONFLICT, "user '" + username + "' exists already");
        }
        return get(username);
    }

    /** A user changes their own password, proving the current one. */
    public void changeOwnPassword(String username, char[] current, char[] next) {
        UserRepository.StoredUser stored = repository.find(username)
                .orElseThrow(() -> new UserException(UserException.Reason.NOT_FOUND, "no user '" + username + "'"));
        if (current == null || !hasher.verify(current, stored.passwordHash())) {
            throw new UserException(UserException.Reason.WRONG_PASSWORD, "current password is wrong");
        }
        requireStrong(next);
        if (java.util.Arrays.equals(current, next)) {
            throw new UserException(UserException.Reason.INVALID, "the new password must differ from the current one");
        }
        repository.updatePassword(username, hasher.hash(next), false, clock.instant());
        verified.clear();
    }

    /** An admin sets another user's password or role. */
    public UserInfo update(String username, char[] newPassword, Role newRole) {
        // Validate everything before writing anything: a refused request must not half-apply.
        if (newPassword != null) {
            requireStrong(newPassword);
        }
        String newHash = newPassword == null ? null : hasher.hash(newPassword); // slow: outside the lock
        synchronized (adminChange) {
            UserInfo current = get(username);
            if (newRole != null && newRole != current.role()) {
                if (current.role() == Role.ADMIN && repository.countAdmins() <= 1) {
                    throw new UserException(UserException.Reason.CONFLICT, "the last admin cannot lose the admin role");
                }
                repository.updateRole(username, newRole, clock.instant());
            }
            if (newHash != null) {
                repository.updatePassword(username, newHash, false, clock.instant());
            }
            verified.clear();
        }
        return get(username);
    }

    public void delete(String username) {
        synchronized (adminChange) {
            UserInfo current = get(username);
            if (current.role() == Role.ADMIN && repository.countAdmins() <= 1) {
                throw new UserException(UserException.Reason.CONFLICT, "the last admin cannot be deleted");
            }
            repository.delete(username);
            verified.clear();
        }
    }

    private static void requireStrong(char[] password) {
        if (password == null || password.length < MIN_PASSWORD_LENGTH) {
            throw new UserException(UserException.Reason.INVALID,
                    "password must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
    }
}
