package org.metergate.meters;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.store.Database;
import org.metergate.store.DatabaseSettings;
import org.metergate.store.ReadoutLogEntry;
import org.metergate.store.ReadoutRepository;
import org.metergate.store.SeriesValue;

/**
 * SPEC E5: a process storing readouts is killed with SIGKILL mid-stream; after reopening embedded Derby
 * (crash recovery) every readout it acknowledged ("stored N") is there with all its values and telegram.
 */
class ValueStoreDurabilityTest {

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedReadoutSurvivesKill9() throws Exception {
        Path dbDir = dir.resolve("db");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), DurabilityWriter.class.getName(),
                dbDir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<Long, Long> acked = new HashMap<>(); // n -> readout id
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean killed = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while ((line = out.readLine()) != null) {
                if (line.startsWith("stored ")) {
                    String[] f = line.split(" ");
                    acked.put(Long.parseLong(f[1]), Long.parseLong(f[2]));
                }
                if (!killed && (acked.size() >= 300 || System.nanoTime() > deadline)) {
                    // SIGKILL: no shutdown hook, no Derby shutdown, mid-transaction. Through the handle, so
                    // the pipe stays open and acknowledgements already written to it are still read.
                    p.toHandle().destroyForcibly();
                    killed = true;
                }
            }
        } finally {
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acked).hasSizeGreaterThanOrEqualTo(300);

        try (Database db = Database.open(new DatabaseSettings(DatabaseSettings.derbyUrl(dbDir), "", "", 2))) {
            ReadoutRepository repo = new ReadoutRepository(db);
            assertThat(repo.countReadouts()).isGreaterThanOrEqualTo(acked.size());
            Map<String, ReadoutLogEntry> log = new HashMap<>();
            for (long meter = 1; meter <= 16; meter++) {
                for (ReadoutLogEntry e : repo.readouts(meter, null, null, 100_000)) {
                    log.put(e.message(), e);
                }
            }
            for (Map.Entry<Long, Long> a : acked.entrySet()) {
                long n = a.getKey();
                ReadoutLogEntry e = log.get("n=" + n);
                assertThat(e).as("acknowledged readout n=%d", n).isNotNull();
                assertThat(e.id()).isEqualTo(a.getValue());
                List<SeriesValue> values = repo.values(e.id());
                assertThat(values).hasSize(20);
                assertThat(values.get(19).number().unscaledValue().longValue()).isEqualTo(n * 100 + 19);
                assertThat(repo.telegrams(e.id())).singleElement().satisfies(t -> assertThat(t[1]).isEqualTo((byte) n));
            }
            // the store goes on writing after recovery
            new ReadoutRepository(db).store(new org.metergate.store.StoredReadout(1, java.time.Instant.now(), "ok", "after",
                    null, null, 0, List.of(), List.of()));
        }
    }
}
