package org.metergate.meters;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.metergate.store.Database;
import org.metergate.store.DatabaseSettings;
import org.metergate.store.ReadoutRepository;
import org.metergate.store.SeriesKey;
import org.metergate.store.StoredReadout;
import org.metergate.store.ValueRow;

/**
 * Child process of {@link ValueStoreDurabilityTest}: stores readouts one by one into embedded Derby at
 * {@code args[0]} and prints "stored N ID" after each store has returned (committed), until killed.
 */
public final class DurabilityWriter {

    public static void main(String[] args) {
        Database db = Database.open(new DatabaseSettings(DatabaseSettings.derbyUrl(Path.of(args[0])), "", "", 2));
        ReadoutRepository repo = new ReadoutRepository(db);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (long n = 0; ; n++) {
            List<ValueRow> values = new ArrayList<>(20);
            for (int s = 0; s < 20; s++) {
                values.add(ValueRow.number(new SeriesKey("Energy", "Wh", "instantaneous", s, 0, 0, ""), n * 100 + s, 3));
            }
            long meter = 1 + n % 16;
            long id = repo.store(new StoredReadout(meter, start.plusSeconds(60 * n), "ok", "n=" + n, 0, (int) (n % 256), 10,
                    List.of(new byte[] {0x68, (byte) n, 0x16}), values)).readoutId();
            System.out.println("stored " + n + " " + id);
            System.out.flush();
        }
    }
}
