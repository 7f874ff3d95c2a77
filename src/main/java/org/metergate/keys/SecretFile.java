package org.metergate.keys;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;

/**
 * The secret the stored keys are sealed under: {@code <data>/secret.key}, 32 random bytes, created
 * on first use with owner-only permissions (600) where the file system has POSIX permissions. It is
 * the one thing to keep safe next to a database backup: without it the stored keys cannot be read.
 */
public final class SecretFile {

    public static final String NAME = "secret.key";
    static final int LENGTH = 32;

    private final Path path;

    public SecretFile(Path path) {
        this.path = path;
    }

    public static SecretFile in(Path dataDir) {
        return new SecretFile(dataDir.resolve(NAME));
    }

    public Path path() {
        return path;
    }

    /** The secret, or empty when the file does not exist; a damaged file is an exception naming it. */
    public Optional<byte[]> read() throws IOException {
        byte[] secret;
        try {
            secret = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (secret.length != LENGTH) {
            throw new IOException("secret file " + path.toAbsolutePath() + " is damaged: " + secret.length
                    + " bytes instead of " + LENGTH);
        }
        return Optional.of(secret);
    }

    /**
     * Creates a new secret. A damaged file in the way is kept as {@code secret.key.damaged-<time>},
     * never overwritten, so nothing is destroyed that an operator might still recover from.
     */
    public byte[] create() throws IOException {
        if (Files.exists(path)) {
            Path aside = path.resolveSibling(NAME + ".damaged-" + Instant.now().toEpochMilli());
            Files.move(path, aside, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.createDirectories(path.toAbsolutePath().getParent());
        byte[] secret = new byte[LENGTH];
        new SecureRandom().nextBytes(secret);
        Path tmp = path.resolveSibling(NAME + ".new");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, ownerOnly());
        } catch (UnsupportedOperationException noPosix) {
            Files.createFile(tmp);
        }
        try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
            out.write(secret);
        }
        try {
            // never replaces a secret another process created meanwhile
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return secret;
    }

    private static FileAttribute<?> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    }
}
