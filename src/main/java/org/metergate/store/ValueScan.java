package org.metergate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeSet;

/**
 * Streams every value of all (or given) meters in a period, meter by meter (ascending id), then by
 * readout time: what a value report needs, for any number of values, in bounded memory.
 *
 * <p>Access path, the same on both engines and independent of optimizer statistics: per meter, the
 * readouts of the period come from the covering index {@code readout (meter_id, created_at, id)}
 * through a forward-only cursor with a fetch size; every {@value #BATCH} readouts their value blocks
 * are read by primary key ({@code readout_block (readout_id, seq)}) with one cached id-list statement,
 * decoded and handed out. At any time one batch of readouts is in memory. The cursor runs in one
 * read-only transaction (PostgreSQL only streams a result set with a fetch size outside auto-commit).
 */
public final class ValueScan {

    static final int BATCH = ReadoutRepository.IN_LIST; // one id-list statement per batch
    private static final int FETCH = 500;

    private final Database db;

    public ValueScan(Database db) {
        this.db = db;
    }

    /** The meters that have readouts (every meter ever read and not yet removed by retention), ascending. */
    public List<Long> metersWithReadouts() {
        return metersWithReadouts(db);
    }

    /** The same for the store itself (retention walks these meters). */
    static List<Long> metersWithReadouts(Database db) {
        List<Long> ids = new ArrayList<>();
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT meter_id FROM meter_latest ORDER BY meter_id")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot list meters with readouts", e);
        }
        return ids;
    }

    /**
     * Opens a cursor over the readouts with values created in {@code [from, to)} of the given meters
     * ({@code null}: every meter with readouts), meter by meter in ascending id, then by time.
     * Readouts without values (failed ones) are skipped.
     */
    public Cursor<ScannedReadout> open(Collection<Long> meterIds, Instant from, Instant to) {
        List<Long> meters = meterIds == null ? metersWithReadouts() : new ArrayList<>(new TreeSet<>(meterIds));
        try {
            return new ScanCursor(db.connection(), meters, from, to);
        } catch (SQLException e) {
            throw new StoreException("cannot open a value scan", e);
        }
    }

    /** True when the meter has a readout with values created in {@code [from, to)}. */
    public boolean hasValues(long meterId, Instant from, Instant to) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT id FROM readout WHERE meter_id = ?"
                + " AND created_at >= ? AND created_at < ? AND value_count > 0 FETCH FIRST 1 ROWS ONLY")) {
            ps.setLong(1, meterId);
            Jdbc.setInstant(ps, 2, from);
            Jdbc.setInstant(ps, 3, to);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read readouts of meter " + meterId, e);
        }
    }

    /** The latest readout of each meter that has one, with the telegrams of its latest readout with values, by meter id. */
    public Map<Long, LatestReadout> latestReadouts() {
        Map<Long, LatestReadout> out = new HashMap<>();
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT l.meter_id, l.readout_id, l.status_byte, l.values_readout_id, l.values_at,"
                     + " r.created_at, r.status, r.message FROM meter_latest l JOIN readout r ON r.id = l.readout_id")) {
            Map<Long, long[]> framesOf = new HashMap<>();
            List<LatestReadout> rows = new ArrayList<>();
            while (rs.next()) {
                long meterId = rs.getLong(1);
                int sb = rs.getInt(3);
                Integer statusByte = rs.wasNull() ? null : sb;
                long valuesId = rs.getLong(4);
                boolean hasValues = !rs.wasNull();
                rows.add(new LatestReadout(meterId, rs.getLong(2), Jdbc.getInstant(rs, "created_at"), rs.getString(7),
                        rs.getString(8), statusByte, List.of(), hasValues ? Jdbc.getInstant(rs, "values_at") : null));
                if (hasValues) {
                    framesOf.put(meterId, new long[] {valuesId});
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT frame FROM readout_block WHERE readout_id = ? AND frame IS NOT NULL ORDER BY seq")) {
                for (LatestReadout r : rows) {
                    List<byte[]> frames = new ArrayList<>();
                    long[] id = framesOf.get(r.meterId());
                    if (id != null) {
                        ps.setLong(1, id[0]);
                        try (ResultSet f = ps.executeQuery()) {
                            while (f.next()) {
                                frames.add(ValueCodec.frame(f.getString(1)));
                            }
                        }
                    }
                    out.put(r.meterId(), new LatestReadout(r.meterId(), r.readoutId(), r.createdAt(), r.status(), r.message(),
                            r.statusByte(), List.copyOf(frames), r.telegramsAt()));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the latest readouts", e);
        }
        return out;
    }

    private static final String READOUTS_SQL = "SELECT id, created_at FROM readout WHERE meter_id = ?"
            + " AND created_at >= ? AND created_at < ? ORDER BY created_at, id";
    private static final String SERIES_SQL =
            "SELECT id, seq, quantity, unit, fn, storage_no, tariff, subunit, detail FROM value_series WHERE meter_id = ?";

    /** The pull side: one connection, three statements, one batch of decoded readouts at a time. */
    private static final class ScanCursor implements Cursor<ScannedReadout> {

        private final Connection connection;
        private final boolean autoCommit;
        private final Iterator<Long> meters;
        private final Instant from;
        private final Instant to;
        private final PreparedStatement readoutsPs;
        private final PreparedStatement blocksPs;
        private final PreparedStatement seriesPs;
        private final ArrayDeque<ScannedReadout> ready = new ArrayDeque<>(BATCH);
        private final long[] ids = new long[BATCH];
        private final Instant[] times = new Instant[BATCH];
        private long meterId;
        private Map<Integer, StoredSeries> series;
        private ResultSet readouts;
        private boolean closed;

        ScanCursor(Connection connection, List<Long> meters, Instant from, Instant to) throws SQLException {
            this.connection = connection;
            this.meters = meters.iterator();
            this.from = from;
            this.to = to;
            try {
                autoCommit = connection.getAutoCommit();
                connection.setAutoCommit(false);
                readoutsPs = connection.prepareStatement(READOUTS_SQL, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                readoutsPs.setFetchSize(FETCH);
                blocksPs = connection.prepareStatement(ReadoutRepository.BLOCKS_SQL);
                seriesPs = connection.prepareStatement(SERIES_SQL);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }

        @Override
        public boolean hasNext() {
            if (closed) {
                return false;
            }
            try {
                while (ready.isEmpty()) {
                    if (readouts == null && !nextMeter()) {
                        close();
                        return false;
                    }
                    fill();
                }
                return true;
            } catch (SQLException e) {
                close();
                throw new StoreException("cannot read values of meter " + meterId, e);
            }
        }

        @Override
        public ScannedReadout next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }

        private boolean nextMeter() throws SQLException {
            if (!meters.hasNext()) {
                return false;
            }
            meterId = meters.next();
            series = loadSeries(meterId);
            readoutsPs.setLong(1, meterId);
            Jdbc.setInstant(readoutsPs, 2, from);
            Jdbc.setInstant(readoutsPs, 3, to);
            readouts = readoutsPs.executeQuery();
            return true;
        }

        /** Reads the next batch of this meter's readouts and their values; ends the meter when none are left. */
        private void fill() throws SQLException {
            int n = 0;
            while (n < BATCH && readouts.next()) {
                ids[n] = readouts.getLong(1);
                times[n] = Jdbc.getInstant(readouts, "created_at");
                n++;
            }
            if (n < BATCH) {
                readouts.close();
                readouts = null;
            }
            if (n == 0) {
                return;
            }
            for (int i = 0; i < BATCH; i++) {
                blocksPs.setLong(i + 1, ids[Math.min(i, n - 1)]); // padded: one statement text, compiled once
            }
            Map<Long, Integer> index = new HashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                index.put(ids[i], i);
            }
            @SuppressWarnings("unchecked")
            List<SeriesValue>[] values = new List[n];
            try (ResultSet rs = blocksPs.executeQuery()) {
                while (rs.next()) {
                    long readoutId = rs.getLong(1);
                    int i = index.get(readoutId);
                    if (values[i] == null) {
                        values[i] = new ArrayList<>(24);
                    }
                    decode(readoutId, times[i], rs.getString(2), values[i]);
                }
            }
            for (int i = 0; i < n; i++) {
                if (values[i] != null && !values[i].isEmpty()) {
                    ready.add(new ScannedReadout(meterId, ids[i], times[i], values[i]));
                }
            }
        }

        private void decode(long readoutId, Instant time, String chunk, List<SeriesValue> out) {
            ValueCodec.unpack(chunk, e -> {
                StoredSeries s = series.get(e.seq());
                if (s == null) { // created after this meter's series were loaded
                    try {
                        series = loadSeries(meterId);
                    } catch (SQLException x) {
                        throw new StoreException("cannot read value series of meter " + meterId, x);
                    }
                    s = series.get(e.seq());
                    if (s == null) {
                        throw new StoreException("value refers to unknown series " + e.seq() + " of meter " + meterId);
                    }
                }
                out.add(new SeriesValue(meterId, s.id(), s.key(), time, readoutId, e.number(), e.text()));
            });
        }

        private Map<Integer, StoredSeries> loadSeries(long meter) throws SQLException {
            Map<Integer, StoredSeries> out = new HashMap<>();
            seriesPs.setLong(1, meter);
            try (ResultSet rs = seriesPs.executeQuery()) {
                while (rs.next()) {
                    StoredSeries s = new StoredSeries(rs.getLong(1), meter, rs.getInt(2), new SeriesKey(rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getLong(6), rs.getInt(7), rs.getInt(8), rs.getString(9)));
                    out.put(s.seq(), s);
                }
            }
            return out;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            ready.clear();
            try {
                if (readouts != null) {
                    readouts.close();
                }
                connection.rollback(); // read only: nothing to keep
                connection.setAutoCommit(autoCommit);
            } catch (SQLException e) {
                // the connection is closed below either way; a failed cleanup loses nothing
            } finally {
                try {
                    connection.close();
                } catch (SQLException e) {
                    // nothing more to do
                }
            }
        }
    }
}
