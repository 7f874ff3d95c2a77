package org.metergate.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.admin.FloodControl;
import org.metergate.admin.LogLevel;
import org.metergate.admin.SystemLog;
import org.metergate.admin.SystemLogRepository;
import org.metergate.store.Database;
import org.metergate.testing.MutableClock;
import org.metergate.testing.TestDatabases;
import org.metergate.wmbus.KeyEntry;
import org.metergate.wmbus.MeterId;

/** SPEC B4 key storage on Derby on disk: import, binding, the live lookup, encryption at rest, a lost secret. */
class KeyStoreTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final MeterId ELV_13360079_V2 = MeterId.of("ELV", "13360079", 2, 7);
    private static final MeterId ELV_OTHER_V2 = MeterId.of("ELV", "11111111", 2, 7);
    private static final MeterId KAM = MeterId.of("KAM", "22222222", 1, 7);

    @TempDir
    Path dir;
    private Database db;
    private MutableClock clock;
    private SystemLog log;
    private KeyStore store;

    @BeforeEach
    void open() {
        db = TestDatabases.derby(dir);
        clock = new MutableClock(Instant.parse("2026-01-10T08:00:00Z"));
        log = new SystemLog(new SystemLogRepository(db), LogLevel.INFO, new FloodControl(Duration.ofMinutes(1)), clock);
        store = newStore();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private KeyStore newStore() {
        KeyStore s = new KeyStore(db, SecretFile.in(dir), new KeyFileParser(), clock, log);
        s.load();
        return s;
    }

    private static byte[] manualFile() {
        return KeyFileParserTest.csv(";", KeyFileParserTest.MANUAL);
    }

    private static String hexOf(KeyEntry e) {
        return HEX.formatHex(e.key());
    }

    @Test
    void importsTheManualsFileAndChoosesKeysAsSpecified() {
        KeyStore.ImportResult result = store.importFile(manualFile(), false);
        assertThat(result.added()).isEqualTo(5);
        assertThat(store.problem()).isEmpty();
        assertThat(store.list()).extracting(StoredKey::maskedKey).containsExactly("AA…22", "A1…11", "FF…00", "AA…44", "99…DD");

        // one meter of ELV: its address key (2 fields) and the version key (2 fields) tie: the earlier line
        assertThat(store.lookup().find(ELV_13360079_V2).map(KeyStoreTest::hexOf)).contains("A1B2C3D4E5F6A1B2C3D4E5F678910111");
        assertThat(store.lookup().find(ELV_OTHER_V2).map(KeyStoreTest::hexOf)).contains("9999AAAA8888BBBB7777CCCC6666DDDD");
        assertThat(store.lookup().find(KAM).map(KeyStoreTest::hexOf)).contains("AAAABBBBCCCCDDDDEEEEFFFF11112222");
        // the manual's file has two keys for every meter: both are offered, in file order
        assertThat(store.candidates(KAM)).extracting(KeyStoreTest::hexOf)
                .containsExactly("AAAABBBBCCCCDDDDEEEEFFFF11112222", "FFEEDDCCBBAA99887766554433221100");
        assertThat(store.candidates(ELV_OTHER_V2)).extracting(KeyStoreTest::hexOf).startsWith("9999AAAA8888BBBB7777CCCC6666DDDD");

        // add mode: nothing new; replace: all again
        assertThat(store.importFile(manualFile(), false)).isEqualTo(new KeyStore.ImportResult(
                org.metergate.sheet.SheetFormat.CSV, 0, 5, 0));
        assertThat(store.importFile(manualFile(), true)).isEqualTo(new KeyStore.ImportResult(
                org.metergate.sheet.SheetFormat.CSV, 5, 0, 5));
        assertThat(store.list()).hasSize(5);
        // and a new store reads the same keys back from the database
        assertThat(newStore().lookup().find(ELV_OTHER_V2).map(KeyStoreTest::hexOf)).contains("9999AAAA8888BBBB7777CCCC6666DDDD");
    }

    @Test
    void aFileWithOneBadLineChangesNothing() {
        store.importFile(manualFile(), false);
        List<StoredKey> before = store.list();
        byte[] bad = ("Address,Key,Manufacturer,DeviceType,Version\n"
                + "-1,00112233445566778899AABBCCDDEEFF,*,-1,-1\n"
                + "-1,00112233445566778899AABBCCDDEEF,*,-1,-1\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> store.importFile(bad, true)).isInstanceOfSatisfying(KeyFileException.class,
                e -> assertThat(e.errors()).singleElement().satisfies(err -> {
                    assertThat(err.line()).isEqualTo(3);
                    assertThat(err.column()).isEqualTo("Key");
                }));
        assertThat(store.list()).isEqualTo(before);
        assertThat(newStore().list()).extracting(StoredKey::id).isEqualTo(before.stream().map(StoredKey::id).toList());
    }

    @Test
    void aBoundKeyWinsForItsMeterOnlyAndMatchesAreRecorded() {
        store.importFile(manualFile(), false);
        byte[] own = HEX.parseHex("0123456789ABCDEF0123456789ABCDEF");
        StoredKey bound = store.bind(42, new KeyCriteria("13360079", "ELV", 7, 2), own);
        assertThat(bound.meterId()).isEqualTo(42L);
        assertThat(bound.entry().boundMeter()).contains(ELV_13360079_V2);
        assertThat(store.lookup().find(ELV_13360079_V2)).contains(bound.entry());
        assertThat(store.lookup().find(ELV_OTHER_V2).map(KeyStoreTest::hexOf)).contains("9999AAAA8888BBBB7777CCCC6666DDDD");
        assertThat(store.boundTo(42)).map(StoredKey::id).contains(bound.id());

        // binding again replaces the meter's key; an identity not fully known binds by what is known
        byte[] other = HEX.parseHex("FEDCBA9876543210FEDCBA9876543210");
        StoredKey rebound = store.bind(42, new KeyCriteria("13360079", null, null, null), other);
        assertThat(rebound.id()).isEqualTo(bound.id());
        assertThat(store.lookup().find(ELV_13360079_V2).map(KeyStoreTest::hexOf)).contains("FEDCBA9876543210FEDCBA9876543210");
        assertThat(store.list()).hasSize(6);

        KeyEntry used = store.lookup().find(ELV_13360079_V2).orElseThrow();
        clock.advance(Duration.ofMinutes(3));
        store.recordMatch(ELV_13360079_V2, used);
        assertThat(store.lastMatch(ELV_13360079_V2)).contains(new KeyMatch(ELV_13360079_V2, bound.id(), clock.instant()));
        assertThat(store.find(bound.id()).orElseThrow().lastUsedAt()).isEqualTo(clock.instant());
        store.recordMatch(KAM, KeyEntry.forAll(new byte[16])); // not a stored key: ignored
        assertThat(store.lastMatch(KAM)).isEmpty();
        store.flushUsage();
        assertThat(newStore().find(bound.id()).orElseThrow().lastUsedAt()).isEqualTo(clock.instant());

        assertThat(store.delete(bound.id())).isTrue();
        assertThat(store.lastMatch(ELV_13360079_V2)).isEmpty();
        assertThat(store.lookup().find(ELV_13360079_V2).map(KeyStoreTest::hexOf)).contains("A1B2C3D4E5F6A1B2C3D4E5F678910111");
    }

    @Test
    void addingTheSameKeyTwiceIsAConflictButSharedCriteriaAreNot() {
        byte[] k1 = HEX.parseHex("00112233445566778899AABBCCDDEEFF");
        byte[] k2 = HEX.parseHex("FFEEDDCCBBAA99887766554433221100");
        KeyCriteria kam = new KeyCriteria(null, "KAM", null, null);
        StoredKey first = store.add(kam, k1);
        store.add(kam, k2);
        assertThatThrownBy(() -> store.add(kam, k1)).isInstanceOfSatisfying(KeyConflictException.class,
                e -> assertThat(e.existingId()).isEqualTo(first.id()));
        assertThat(store.candidates(KAM)).extracting(KeyStoreTest::hexOf)
                .containsExactly(HEX.formatHex(k1), HEX.formatHex(k2));
    }

    @Test
    void keyMaterialIsNeverStoredInClear() throws Exception {
        store.importFile(manualFile(), false);
        store.bind(7, new KeyCriteria("13360079", "ELV", 7, 2), HEX.parseHex("0123456789ABCDEF0123456789ABCDEF"));
        List<byte[]> keys = store.list().stream().map(k -> k.entry().key()).toList();
        assertThat(keys).hasSize(6);
        try (Connection c = db.connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM wmbus_key")) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.append(rs.getString(i)).append('|');
                }
                byte[] sealed = Base64.getDecoder().decode(rs.getString("key_sealed"));
                for (byte[] key : keys) {
                    assertThat(row.toString().toUpperCase()).doesNotContain(HEX.formatHex(key));
                    assertThat(indexOf(sealed, key)).isNegative();
                }
            }
        }
        store.flushUsage();
        db.close(); // Derby writes everything out and shuts down
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir.resolve("db"))) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            byte[] content = Files.readAllBytes(f);
            String text = new String(content, StandardCharsets.ISO_8859_1).toUpperCase();
            for (byte[] key : keys) {
                assertThat(indexOf(content, key)).as("raw key bytes in " + f).isNegative();
                assertThat(text).as("key hex in " + f).doesNotContain(HEX.formatHex(key));
            }
        }
        db = TestDatabases.derby(dir); // for @AfterEach
    }

    @Test
    void theSecretIsCreatedOnFirstUseOwnerOnly() throws IOException {
        Path secret = dir.resolve(SecretFile.NAME);
        assertThat(secret).doesNotExist();
        store.importFile(manualFile(), false);
        assertThat(Files.size(secret)).isEqualTo(32);
        if (Files.getFileStore(secret).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        }
        byte[] first = Files.readAllBytes(secret);
        store.add(new KeyCriteria(null, "KAM", null, null), new byte[16]);
        assertThat(Files.readAllBytes(secret)).isEqualTo(first);
    }

    @Test
    void aLostSecretIsReportedAndTheGatewayCarriesOn() throws IOException {
        store.importFile(manualFile(), false);
        Path secret = dir.resolve(SecretFile.NAME);
        Files.delete(secret);

        KeyStore restarted = newStore();
        assertThat(restarted.problem()).hasValueSatisfying(p -> assertThat(p)
                .contains(secret.toAbsolutePath().toString()).contains("missing").contains("the 5 stored keys"));
        assertThat(restarted.lookup().find(KAM)).isEmpty(); // the decoder then reports "no key"
        assertThat(restarted.list()).hasSize(5).allSatisfy(k -> {
            assertThat(k.decryptable()).isFalse();
            assertThat(k.maskedKey()).isEqualTo("?");
        });
        assertThatThrownBy(() -> restarted.add(new KeyCriteria(null, "KAM", null, null), new byte[16]))
                .isInstanceOf(KeysUnavailableException.class).hasMessageContaining(secret.toAbsolutePath().toString());
        assertThatThrownBy(() -> restarted.importFile(manualFile(), false)).isInstanceOf(KeysUnavailableException.class);
        assertThat(secret).doesNotExist();

        // the way out: import all keys again, replacing the ones that cannot be read
        assertThat(restarted.importFile(manualFile(), true).removed()).isEqualTo(5);
        assertThat(restarted.problem()).isEmpty();
        assertThat(secret).exists();
        assertThat(restarted.lookup().find(KAM)).isPresent();
    }

    @Test
    void aWrongOrDamagedSecretIsReportedNamingTheFile() throws IOException {
        store.importFile(manualFile(), false);
        Path secret = dir.resolve(SecretFile.NAME);
        Files.write(secret, new byte[32]); // another secret
        assertThat(newStore().problem()).hasValueSatisfying(p -> assertThat(p)
                .contains("cannot be decrypted with the secret file " + secret.toAbsolutePath()));

        Files.write(secret, new byte[5]);
        KeyStore damaged = newStore();
        assertThat(damaged.problem()).hasValueSatisfying(p -> assertThat(p)
                .contains("secret file " + secret.toAbsolutePath() + " is damaged: 5 bytes instead of 32"));
        damaged.importFile(manualFile(), true);
        assertThat(damaged.problem()).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("secret.key.damaged-"));
        }
    }

    @Test
    void theLookupIsSwappedAtomicallyWhileImportsReplaceAllKeys() throws Exception {
        byte[] fileA = ("Address,Key,Manufacturer,DeviceType,Version\n-1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA,*,-1,-1\n"
                + "-1,A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1,ELV,-1,-1\n").getBytes(StandardCharsets.UTF_8);
        byte[] fileB = ("Address,Key,Manufacturer,DeviceType,Version\n-1,BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB,*,-1,-1\n"
                + "-1,B1B1B1B1B1B1B1B1B1B1B1B1B1B1B1B1,ELV,-1,2\n").getBytes(StandardCharsets.UTF_8);
        store.importFile(fileA, true);
        var decoderView = store.lookup(); // what a decoder holds for its lifetime
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> wrong = new AtomicReference<>();
        List<String> seen = new ArrayList<>();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                String k = decoderView.find(ELV_OTHER_V2).map(KeyStoreTest::hexOf).orElse("none");
                if (!k.equals("A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1") && !k.equals("B1B1B1B1B1B1B1B1B1B1B1B1B1B1B1B1")) {
                    wrong.compareAndSet(null, k);
                }
                synchronized (seen) {
                    if (!seen.contains(k)) {
                        seen.add(k);
                    }
                }
            }
        });
        reader.start();
        for (int i = 0; i < 20; i++) {
            store.importFile(i % 2 == 0 ? fileB : fileA, true);
        }
        done.set(true);
        reader.join();
        assertThat(wrong.get()).as("a half-applied key set was visible").isNull();
        assertThat(decoderView.find(ELV_OTHER_V2).map(KeyStoreTest::hexOf)).contains("A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1");
    }

    @Test
    void hkdfMatchesRfc5869TestCase1() {
        byte[] okm = KeyCipher.hkdf(HEX.parseHex("0B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0B"),
                HEX.parseHex("000102030405060708090A0B0C"), HEX.parseHex("F0F1F2F3F4F5F6F7F8F9"), 42);
        assertThat(HEX.formatHex(okm)).isEqualTo(
                "3CB25F25FAACD57A90434F64D0362F2A2D2D0A90CF1A5A4C5DB02D56ECC4C5BF34007208D5B887185865");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
