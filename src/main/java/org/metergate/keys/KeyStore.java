package org.metergate.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.metergate.admin.SystemLog;
import org.metergate.sheet.SheetFormat;
import org.metergate.store.Database;
import org.metergate.store.StoreException;
import org.metergate.wmbus.KeyEntry;
import org.metergate.wmbus.KeyLookup;
import org.metergate.wmbus.KeyMatcher;
import org.metergate.wmbus.MeterId;

/**
 * The gateway's wireless M-Bus keys (SPEC B4): stored sealed in the database ({@link KeyCipher} under
 * {@link SecretFile}), decrypted into memory once, and offered to the decoder as a {@link KeyLookup}.
 *
 * <p>{@link #lookup()} is a live, thread-safe view: every change builds a new immutable matcher and
 * swaps it in atomically, so a decoder holding the view sees either the old or the new set of keys,
 * never a half-applied import. Keys bound to a meter are consulted first, then keys by criteria (most
 * specific first, then file order).
 *
 * <p>When the secret file is lost (or is not the one the keys were sealed with) the gateway still
 * starts: {@link #problem()} names the file, the undecryptable keys are left out of the lookup (their
 * meters then report "no key"), and no key may be added until the file is restored or all keys are
 * replaced by an import with replace.
 */
public final class KeyStore {

    /** What an import did. */
    public record ImportResult(SheetFormat format, int added, int unchanged, int removed) {}

    private record Snapshot(List<StoredKey> keys, KeyLookup lookup, Map<KeyEntry, Long> ids) {}

    private static final String LOG_SOURCE = "keys";
    private static final Snapshot EMPTY = new Snapshot(List.of(), KeyLookup.NONE, Map.of());

    private final KeyRepository repository;
    private final SecretFile secret;
    private final KeyFileParser parser;
    private final Clock clock;
    private final SystemLog systemLog;
    private final KeyLookup view = meter -> snapshotLookup(meter);
    private final Map<MeterId, KeyMatch> matches = new ConcurrentHashMap<>();
    private final Map<Long, Instant> unflushedUse = new ConcurrentHashMap<>();

    private volatile Snapshot snapshot = EMPTY;
    private volatile String problem;
    /** Why the secret file could not be read (damaged), null when it was read or is absent. */
    private String secretError;
    private KeyCipher cipher;

    public KeyStore(Database db, SecretFile secret, KeyFileParser parser, Clock clock, SystemLog systemLog) {
        this.repository = new KeyRepository(db);
        this.secret = secret;
        this.parser = parser;
        this.clock = clock;
        this.systemLog = systemLog;
    }

    /** Reads the secret and the stored keys; problems are reported (system log, {@link #problem()}), never thrown. */
    public synchronized void load() {
        cipher = null;
        secretError = null;
        try {
            cipher = secret.read().map(KeyCipher::new).orElse(null);
        } catch (IOException damaged) {
            secretError = damaged.getMessage();
        }
        reload();
        if (problem != null) {
            systemLog.error(LOG_SOURCE, problem);
        }
    }

    // ---- for the decoder ----------------------------------------------------------------------------

    /** The live key lookup for {@code WmbusDecoder}: always the current keys. */
    public KeyLookup lookup() {
        return view;
    }

    private Optional<KeyEntry> snapshotLookup(MeterId meter) {
        return snapshot.lookup().find(meter);
    }

    /**
     * Every key that applies to the meter, in the order of preference (bound, then most specific, then
     * oldest): the first is what {@link #lookup()} gives. For a caller that tries the next key when one fails
     * to decrypt (several keys may share criteria, as in the manual's example file).
     */
    public List<KeyEntry> candidates(MeterId meter) {
        Snapshot s = snapshot;
        return s.keys().stream().filter(k -> k.entry() != null && k.entry().matches(meter))
                .sorted(Comparator.comparingInt((StoredKey k) -> k.bound() ? 0 : 1)
                        .thenComparing(Comparator.comparingInt((StoredKey k) -> k.entry().specificity()).reversed())
                        .thenComparingLong(StoredKey::id))
                .map(StoredKey::entry).toList();
    }

    /** The stored key's id behind an entry the lookup returned (for telegrams: which key matched). */
    public Optional<Long> idOf(KeyEntry entry) {
        return Optional.ofNullable(snapshot.ids().get(entry));
    }

    /** Notes that {@code key} (from the lookup) decrypted a telegram of {@code meter}. Cheap: memory only. */
    public void recordMatch(MeterId meter, KeyEntry key) {
        Long id = snapshot.ids().get(key);
        if (id == null) {
            return; // a key from the CLI or one deleted meanwhile: not a stored key
        }
        Instant now = clock.instant();
        matches.put(meter, new KeyMatch(meter, id, now));
        unflushedUse.put(id, now);
    }

    /** The key that last decrypted a telegram of this meter (since the gateway started). */
    public Optional<KeyMatch> lastMatch(MeterId meter) {
        return Optional.ofNullable(matches.get(meter));
    }

    /** Every meter's last match, newest first. */
    public List<KeyMatch> lastMatches() {
        return matches.values().stream().sorted(Comparator.comparing(KeyMatch::at).reversed()).toList();
    }

    /** Writes the last-use times noted since the last call (a route runs this every minute, and at stop). */
    public void flushUsage() {
        Map<Long, Instant> batch = new HashMap<>();
        for (Long id : List.copyOf(unflushedUse.keySet())) {
            Instant at = unflushedUse.remove(id);
            if (at != null) {
                batch.put(id, at);
            }
        }
        repository.setLastUsed(batch);
    }

    // ---- for the API ----------------------------------------------------------------------------------

    /** Why stored keys cannot be used, naming the secret file; empty when all is well. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    public SecretFile secretFile() {
        return secret;
    }

    public KeyFileParser parser() {
        return parser;
    }

    /** Every stored key in id order; last use includes uses not yet written. */
    public List<StoredKey> list() {
        return snapshot.keys().stream().map(k -> {
            Instant used = unflushedUse.get(k.id());
            return used == null ? k : k.withLastUsed(used);
        }).toList();
    }

    public Optional<StoredKey> find(long id) {
        return list().stream().filter(k -> k.id() == id).findFirst();
    }

    /** The key bound to a meter of the registry. */
    public Optional<StoredKey> boundTo(long meterId) {
        return list().stream().filter(k -> k.meterId() != null && k.meterId() == meterId).findFirst();
    }

    /**
     * Adds one key by criteria. Several keys may share criteria (the earlier one is preferred); the same
     * key with the same criteria twice is a conflict.
     */
    public synchronized StoredKey add(KeyCriteria criteria, byte[] key) {
        checkKey(key);
        KeyCipher c = cipherForWrite(false);
        String matchKey = criteria.filterKey(c.fingerprint(key));
        long id = write(() -> repository.db().inTransaction(conn -> {
            Long existing = KeyRepository.idOf(conn, matchKey);
            if (existing != null) {
                throw new KeyConflictException("this key is stored already with these criteria (key " + existing + ")",
                        existing);
            }
            return KeyRepository.insert(conn, new KeyRepository.NewRow(criteria, null, matchKey, c.seal(key, matchKey)),
                    clock.instant());
        }));
        reload();
        return find(id).orElseThrow();
    }

    /**
     * Binds a key to one meter of the registry: it then applies to that meter only, before any key by
     * criteria. {@code identity} is the meter's identity (id, and manufacturer, device type, version as
     * far as known). A meter has at most one bound key: binding again replaces it.
     */
    public synchronized StoredKey bind(long meterId, KeyCriteria identity, byte[] key) {
        checkKey(key);
        if (identity.address() == null) {
            throw new IllegalArgumentException("a key can only be bound to a meter with a known id (secondary address)");
        }
        KeyCipher c = cipherForWrite(false);
        String matchKey = "meter:" + meterId;
        long id = write(() -> repository.db().inTransaction(conn -> {
            KeyRepository.NewRow row = new KeyRepository.NewRow(identity, meterId, matchKey, c.seal(key, matchKey));
            Long existing = KeyRepository.idOf(conn, matchKey);
            if (existing != null) {
                KeyRepository.update(conn, existing, row, clock.instant());
                return existing;
            }
            return KeyRepository.insert(conn, row, clock.instant());
        }));
        reload();
        return find(id).orElseThrow();
    }

    public synchronized boolean delete(long id) {
        boolean deleted = repository.delete(id);
        if (deleted) {
            unflushedUse.remove(id);
            matches.values().removeIf(m -> m.keyId() == id);
            reload();
        }
        return deleted;
    }

    /**
     * Applies a key file, all or nothing: validated whole first ({@link KeyFileException} with every
     * error), then written in one transaction. {@code replace}: every stored key (bound ones too) is
     * removed first; otherwise the file's keys are added, a line stored already (same criteria, same key)
     * is left as it is.
     */
    public synchronized ImportResult importFile(byte[] content, boolean replace) {
        KeyFile file = parser.parse(content);
        if (!file.valid()) {
            throw new KeyFileException(file.errors());
        }
        KeyCipher c = cipherForWrite(replace);
        int[] counts = new int[3];
        write(() -> repository.db().inTransaction(conn -> {
            if (replace) {
                counts[2] = KeyRepository.deleteAll(conn);
            }
            Instant now = clock.instant();
            for (KeyFile.Line line : file.keys()) {
                KeyCriteria criteria = KeyCriteria.of(line.entry());
                byte[] key = line.entry().key();
                String matchKey = criteria.filterKey(c.fingerprint(key));
                if (!replace && KeyRepository.idOf(conn, matchKey) != null) {
                    counts[1]++;
                    continue;
                }
                KeyRepository.insert(conn, new KeyRepository.NewRow(criteria, null, matchKey, c.seal(key, matchKey)), now);
                counts[0]++;
            }
            return null;
        }));
        if (replace) {
            unflushedUse.clear();
            matches.clear();
        }
        reload();
        return new ImportResult(file.format(), counts[0], counts[1], counts[2]);
    }

    // ---- inside -------------------------------------------------------------------------------------

    private static void checkKey(byte[] key) {
        if (key == null || key.length != 16) {
            throw new IllegalArgumentException("an AES-128 key has 16 bytes (32 hex digits)");
        }
    }

    /**
     * The cipher to seal new keys with. Without a usable secret: created now when no key is stored (first
     * use) or all are about to be replaced; refused while stored keys depend on the missing one.
     */
    private KeyCipher cipherForWrite(boolean replacingAll) {
        if (cipher != null) {
            return cipher;
        }
        long stored = write(() -> repository.db().inTransaction(KeyRepository::count));
        if (stored > 0 && !replacingAll) {
            throw new KeysUnavailableException(problem + ". No key can be added until the stored keys can be"
                    + " decrypted again: restore " + secret.path().toAbsolutePath() + " from a backup, or import all keys"
                    + " again with replace=true (or delete the stored keys)");
        }
        try {
            cipher = new KeyCipher(secret.create());
            secretError = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the secret file " + secret.path().toAbsolutePath(), e);
        }
        systemLog.info(LOG_SOURCE, "Created the key store secret " + secret.path().toAbsolutePath()
                + ": keep it with every backup of the database, the stored keys cannot be read without it");
        return cipher;
    }

    /** Re-reads the rows, decrypts them and swaps in a new lookup. */
    private void reload() {
        List<KeyRepository.Row> rows = repository.all();
        List<StoredKey> keys = new ArrayList<>(rows.size());
        List<KeyEntry> bound = new ArrayList<>();
        List<KeyEntry> byCriteria = new ArrayList<>();
        Map<KeyEntry, Long> ids = new HashMap<>();
        int undecryptable = 0;
        for (KeyRepository.Row row : rows) {
            KeyEntry entry = null;
            if (cipher != null) {
                try {
                    entry = row.criteria().entry(cipher.open(row.sealed(), row.matchKey()), row.meterId() != null);
                } catch (GeneralSecurityException e) {
                    undecryptable++;
                }
            } else {
                undecryptable++;
            }
            keys.add(new StoredKey(row.id(), row.criteria(), row.meterId(), entry, row.createdAt(), row.updatedAt(),
                    row.lastUsedAt()));
            if (entry != null) {
                (row.meterId() != null ? bound : byCriteria).add(entry);
                ids.putIfAbsent(entry, row.id());
            }
        }
        problem = undecryptable == 0 ? null : describe(undecryptable, rows.size());
        KeyMatcher boundMatcher = new KeyMatcher(bound);
        KeyMatcher criteriaMatcher = new KeyMatcher(byCriteria);
        KeyLookup lookup = bound.isEmpty() ? criteriaMatcher : meter -> {
            Optional<KeyEntry> k = boundMatcher.find(meter);
            return k.isPresent() ? k : criteriaMatcher.find(meter);
        };
        snapshot = new Snapshot(List.copyOf(keys), lookup, Map.copyOf(ids));
    }

    private String describe(int undecryptable, int total) {
        String file = secret.path().toAbsolutePath().toString();
        String which = undecryptable == total ? "the " + total + " stored keys" : undecryptable + " of " + total + " stored keys";
        if (cipher == null && secretError != null) {
            return secretError + ": " + which + " cannot be decrypted (wireless meters report no key)";
        }
        if (cipher == null) {
            return "secret file " + file + " is missing: " + which + " cannot be decrypted (wireless meters report no key)";
        }
        return which + " cannot be decrypted with the secret file " + file
                + ": it is not the secret they were stored with (a database restored without its secret.key?)";
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    private static <T> T write(Work<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new StoreException("cannot write the keys (nothing was changed)", e);
        }
    }
}
