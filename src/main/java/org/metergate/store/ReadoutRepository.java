package org.metergate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The value store (SPEC E1, E3-E5): every readout with its raw telegrams and decoded values, the
 * per-meter readout log, the latest values and a meter's history. See V3__values.sql for the layout.
 *
 * <p>Writes are serialised in this object (one gateway process owns its database). A readout — or a
 * batch of readouts given to {@link #storeAll(List)} — is written in one transaction: the readout row,
 * its telegram/value blocks (batched) and the meter's latest pointer; when {@code store} returns the
 * transaction is committed (Derby forces its log to disk at commit), so an acknowledged readout survives
 * a crash (E5). Series are created on first use in their own short transaction and cached.
 */
public final class ReadoutRepository {

    private static final int MESSAGE_MAX = 400;
    private static final int DELETE_CHUNK = 500;

    private final Database db;
    private volatile StatusBytePolicy statusBytePolicy;
    private final Object writeLock = new Object();
    /** Per meter: its series (by key and by number) and latest-pointer state; loaded on first use. */
    private final Map<Long, MeterState> meters = new ConcurrentHashMap<>();
    private volatile boolean allLoaded;

    public ReadoutRepository(Database db) {
        this(db, StatusBytePolicy.DEFAULT);
    }

    public ReadoutRepository(Database db, StatusBytePolicy statusBytePolicy) {
        this.db = db;
        this.statusBytePolicy = Objects.requireNonNull(statusBytePolicy);
    }

    public StatusBytePolicy statusBytePolicy() {
        return statusBytePolicy;
    }

    public void setStatusBytePolicy(StatusBytePolicy policy) {
        this.statusBytePolicy = Objects.requireNonNull(policy);
    }

    // ---------------------------------------------------------------- writing

    /** Stores one readout in one transaction; returns once it is committed. */
    public StoreResult store(StoredReadout readout) {
        return storeAll(List.of(readout)).get(0);
    }

    /**
     * Stores readouts in one transaction (all or none), e.g. one bus cycle: one commit, one log force,
     * for many readouts. Returns once committed, in the order given.
     */
    public List<StoreResult> storeAll(List<StoredReadout> readouts) {
        if (readouts.isEmpty()) {
            return List.of();
        }
        synchronized (writeLock) {
            List<int[]> seqs = new ArrayList<>(readouts.size());
            for (StoredReadout r : readouts) {
                seqs.add(resolveSeries(r.meterId(), r.values()));
            }
            StatusBytePolicy policy = statusBytePolicy;
            List<StoreResult> results = new ArrayList<>(readouts.size());
            // Latest-pointer changes, applied to the cache only after the commit.
            Map<Long, Latest> latest = new HashMap<>();
            try {
                db.inTransaction(c -> {
                    try (PreparedStatement ins = c.prepareStatement("INSERT INTO readout (meter_id, created_at, status, message,"
                            + " telegram_count, value_count, status_byte, status_logged, access_number, duration_ms)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
                         PreparedStatement block = c.prepareStatement(
                                 "INSERT INTO readout_block (readout_id, seq, frame, vals) VALUES (?, ?, ?, ?)")) {
                        for (int i = 0; i < readouts.size(); i++) {
                            StoredReadout r = readouts.get(i);
                            MeterState state = meters.get(r.meterId());
                            Latest previous = latest.containsKey(r.meterId()) ? latest.get(r.meterId()) : state.latest;
                            Integer previousStatus = previous == null ? null : previous.statusByte;
                            boolean logged = policy.logs(previousStatus, r.statusByte());
                            long id = insertReadout(ins, r, logged);
                            List<String> chunks = ValueCodec.pack(seqs.get(i), r.values());
                            int rows = Math.max(chunks.size(), r.telegrams().size());
                            for (int k = 0; k < rows; k++) {
                                block.setLong(1, id);
                                block.setShort(2, (short) k);
                                block.setString(3, k < r.telegrams().size() ? ValueCodec.frame(r.telegrams().get(k)) : null);
                                block.setString(4, k < chunks.size() ? chunks.get(k) : null);
                                block.addBatch();
                            }
                            boolean hasValues = !r.values().isEmpty();
                            Long valuesId = hasValues ? Long.valueOf(id) : previous == null ? null : previous.valuesReadoutId;
                            Instant valuesAt = hasValues ? r.createdAt() : previous == null ? null : previous.valuesAt;
                            Integer status = r.statusByte() != null ? r.statusByte() : previousStatus;
                            latest.put(r.meterId(), new Latest(id, valuesId, valuesAt, status, state.hasLatestRow));
                            results.add(new StoreResult(id, r.meterId(), r.telegrams().size(), r.values().size(), logged));
                        }
                        block.executeBatch();
                        writeLatest(c, latest);
                    }
                    return null;
                });
            } catch (SQLException e) {
                throw new StoreException("cannot store " + (readouts.size() == 1 ? "readout of meter "
                        + readouts.get(0).meterId() : readouts.size() + " readouts") + " (nothing was stored)", e);
            }
            latest.forEach((meterId, l) -> {
                MeterState s = meters.get(meterId);
                s.latest = l;
                s.hasLatestRow = true;
            });
            return results;
        }
    }

    private static long insertReadout(PreparedStatement ps, StoredReadout r, boolean logged) throws SQLException {
        ps.setLong(1, r.meterId());
        Jdbc.setInstant(ps, 2, r.createdAt());
        ps.setString(3, r.status());
        String m = r.message();
        ps.setString(4, m == null ? null : m.substring(0, Math.min(MESSAGE_MAX, m.length())));
        ps.setShort(5, (short) r.telegrams().size());
        ps.setInt(6, r.values().size());
        setNullableShort(ps, 7, r.statusByte());
        ps.setShort(8, (short) (logged ? 1 : 0));
        setNullableShort(ps, 9, r.accessNumber());
        ps.setInt(10, (int) Math.min(Integer.MAX_VALUE, Math.max(0, r.durationMs())));
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("no id generated for the readout");
            }
            return keys.getLong(1);
        }
    }

    private static void setNullableShort(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.SMALLINT);
        } else {
            ps.setShort(i, v.shortValue());
        }
    }

    private void writeLatest(Connection c, Map<Long, Latest> latest) throws SQLException {
        try (PreparedStatement upd = c.prepareStatement(
                "UPDATE meter_latest SET readout_id = ?, values_readout_id = ?, values_at = ?, status_byte = ? WHERE meter_id = ?");
             PreparedStatement ins = c.prepareStatement("INSERT INTO meter_latest (readout_id, values_readout_id, values_at,"
                     + " status_byte, meter_id) VALUES (?, ?, ?, ?, ?)")) {
            boolean anyUpdate = false;
            boolean anyInsert = false;
            for (Map.Entry<Long, Latest> e : latest.entrySet()) {
                Latest l = e.getValue();
                PreparedStatement ps = l.rowExists ? upd : ins;
                ps.setLong(1, l.readoutId);
                if (l.valuesReadoutId == null) {
                    ps.setNull(2, Types.BIGINT);
                    ps.setNull(3, Types.TIMESTAMP);
                } else {
                    ps.setLong(2, l.valuesReadoutId);
                    Jdbc.setInstant(ps, 3, l.valuesAt);
                }
                setNullableShort(ps, 4, l.statusByte);
                ps.setLong(5, e.getKey());
                ps.addBatch();
                anyUpdate |= l.rowExists;
                anyInsert |= !l.rowExists;
            }
            if (anyUpdate) {
                for (int n : upd.executeBatch()) {
                    if (n == 0) {
                        throw new SQLException("meter_latest row vanished (another writer?)");
                    }
                }
            }
            if (anyInsert) {
                ins.executeBatch();
            }
        }
    }

    /** The series numbers of the values (by position), creating series on first use. Holds the write lock. */
    private int[] resolveSeries(long meterId, List<ValueRow> values) {
        MeterState state = state(meterId);
        int[] seqs = new int[values.size()];
        List<SeriesKey> missing = null;
        for (int i = 0; i < seqs.length; i++) {
            Integer seq = state.seqByKey.get(values.get(i).series());
            if (seq == null) {
                if (missing == null) {
                    missing = new ArrayList<>();
                }
                if (!missing.contains(values.get(i).series())) {
                    missing.add(values.get(i).series());
                }
            } else {
                seqs[i] = seq;
            }
        }
        if (missing != null) {
            state = createSeries(meterId, state, missing);
            for (int i = 0; i < seqs.length; i++) {
                seqs[i] = state.seqByKey.get(values.get(i).series());
            }
        }
        return seqs;
    }

    /**
     * Creates series in their own transaction. Should another process have created one meanwhile (the
     * unique constraints refuse the insert), the meter's series are reloaded and the rest retried.
     */
    private MeterState createSeries(long meterId, MeterState state, List<SeriesKey> keys) {
        for (int attempt = 0; ; attempt++) {
            List<StoredSeries> created = new ArrayList<>();
            MeterState current = state;
            try {
                db.inTransaction(c -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO value_series (meter_id, seq, quantity, unit, fn,"
                            + " storage_no, tariff, subunit, detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            Statement.RETURN_GENERATED_KEYS)) {
                        int seq = current.maxSeq;
                        Instant now = Instant.now();
                        for (SeriesKey k : keys) {
                            if (current.seqByKey.containsKey(k)) {
                                continue;
                            }
                            seq++;
                            ps.setLong(1, meterId);
                            ps.setInt(2, seq);
                            ps.setString(3, cut(k.quantity(), 100));
                            ps.setString(4, cut(k.unit(), 40));
                            ps.setString(5, cut(k.function(), 40));
                            ps.setLong(6, k.storage());
                            ps.setInt(7, k.tariff());
                            ps.setInt(8, k.subunit());
                            ps.setString(9, cut(k.detail(), 200));
                            Jdbc.setInstant(ps, 10, now);
                            ps.executeUpdate();
                            try (ResultSet rs = ps.getGeneratedKeys()) {
                                rs.next();
                                created.add(new StoredSeries(rs.getLong(1), meterId, seq, k));
                            }
                        }
                    }
                    return null;
                });
            } catch (SQLException e) {
                if (attempt < 3 && e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    meters.put(meterId, state = loadMeter(meterId));
                    continue;
                }
                throw new StoreException("cannot create value series of meter " + meterId, e);
            }
            created.forEach(state::add);
            return state;
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    // ---------------------------------------------------------------- reading

    /** Loads every series into memory (call at start, so the first "latest values" request is not the one to pay for it). */
    public void warmUp() {
        loadAllOnce();
    }

    /** The latest value of each series of every meter: the values of each meter's latest readout that had values. */
    public List<SeriesValue> latestValues() {
        return latest(null);
    }

    /** The values of one meter's latest readout that had values; empty when none. */
    public List<SeriesValue> latestValues(long meterId) {
        return latest(meterId);
    }

    private List<SeriesValue> latest(Long meterId) {
        loadAllOnce();
        // Two steps that use the primary keys whatever the optimizer's statistics: the pointers, then the
        // blocks of those readouts by id lists.
        List<long[]> pointers = new ArrayList<>(); // meter id, readout id
        Map<Long, Instant> times = new HashMap<>();
        List<SeriesValue> out = new ArrayList<>();
        try (Connection c = db.connection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT meter_id, values_readout_id, values_at FROM meter_latest"
                    + " WHERE values_readout_id IS NOT NULL" + (meterId == null ? "" : " AND meter_id = ?") + " ORDER BY meter_id")) {
                if (meterId != null) {
                    ps.setLong(1, meterId);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        pointers.add(new long[] {rs.getLong(1), rs.getLong(2)});
                        times.put(rs.getLong(2), Jdbc.getInstant(rs, "values_at"));
                    }
                }
            }
            List<Long> ids = new ArrayList<>(pointers.size());
            pointers.forEach(p -> ids.add(p[1]));
            Map<Long, List<String>> blocks = blocks(c, ids);
            for (long[] p : pointers) {
                MeterState state = state(p[0]);
                for (String chunk : blocks.getOrDefault(p[1], List.of())) {
                    ValueCodec.unpack(chunk, e -> out.add(value(state, p[0], p[1], times.get(p[1]), e)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read latest values", e);
        }
        return out;
    }

    static final int IN_LIST = 100;
    /** One statement text (short lists are padded with their last id), so it is compiled once and cached. */
    static final String BLOCKS_SQL = "SELECT readout_id, vals FROM readout_block WHERE readout_id IN ("
            + "?, ".repeat(IN_LIST - 1) + "?) AND vals IS NOT NULL ORDER BY readout_id, seq";

    /** The value chunks of readouts by id, in block order; looked up by primary key in lists of {@value #IN_LIST}. */
    private static Map<Long, List<String>> blocks(Connection c, List<Long> ids) throws SQLException {
        Map<Long, List<String>> out = new HashMap<>(ids.size() * 2);
        if (ids.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement(BLOCKS_SQL)) {
            for (int from = 0; from < ids.size(); from += IN_LIST) {
                int n = Math.min(IN_LIST, ids.size() - from);
                for (int i = 0; i < IN_LIST; i++) {
                    ps.setLong(i + 1, ids.get(from + Math.min(i, n - 1)));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>(1)).add(rs.getString(2));
                    }
                }
            }
        }
        return out;
    }

    private SeriesValue value(MeterState state, long meterId, long readoutId, Instant ts, ValueCodec.Entry e) {
        StoredSeries s = state.bySeq.get(e.seq());
        if (s == null) { // created by another process after we loaded this meter
            MeterState fresh = loadMeter(meterId);
            meters.put(meterId, fresh);
            s = fresh.bySeq.get(e.seq());
            if (s == null) {
                throw new StoreException("value refers to unknown series " + e.seq() + " of meter " + meterId);
            }
        }
        return new SeriesValue(meterId, s.id(), s.key(), ts, readoutId, e.number(), e.text());
    }

    /** The series of a meter, by number within the meter. */
    public List<StoredSeries> series(long meterId) {
        return List.copyOf(state(meterId).bySeq.values());
    }

    /**
     * One page of a meter's values in time order (readout time, then record order), optionally only one
     * quantity or one series, within {@code [from, to)}.
     */
    public SeriesPage series(SeriesQuery q) {
        MeterState state = state(q.meterId());
        int onlySeq = -1;
        java.util.Set<Integer> seqFilter = null;
        if (q.seriesId() != null) {
            onlySeq = state.bySeq.values().stream().filter(s -> s.id() == q.seriesId()).mapToInt(StoredSeries::seq)
                    .findFirst().orElse(Integer.MIN_VALUE);
            if (onlySeq == Integer.MIN_VALUE) {
                return new SeriesPage(q.meterId(), q.page(), q.pageSize(), List.of(), false);
            }
        }
        if (q.quantity() != null) {
            String want = q.quantity().toLowerCase(Locale.ROOT);
            seqFilter = new java.util.HashSet<>();
            for (StoredSeries s : state.bySeq.values()) {
                if (s.key().quantity().toLowerCase(Locale.ROOT).equals(want)) {
                    seqFilter.add(s.seq());
                }
            }
            if (seqFilter.isEmpty()) {
                return new SeriesPage(q.meterId(), q.page(), q.pageSize(), List.of(), false);
            }
            if (seqFilter.size() == 1 && onlySeq < 0) {
                onlySeq = seqFilter.iterator().next();
            }
        }
        StringBuilder sql = new StringBuilder(
                "SELECT id, created_at FROM readout WHERE meter_id = ?"); // index only: (meter_id, created_at, id)
        if (q.from() != null) {
            sql.append(" AND created_at >= ?");
        }
        if (q.to() != null) {
            sql.append(" AND created_at < ?");
        }
        sql.append(" ORDER BY created_at, id");
        long skip = (long) q.page() * q.pageSize();
        int want = q.pageSize() + 1;
        List<SeriesValue> out = new ArrayList<>(Math.min(want, 10_000));
        long[] seen = {0};
        java.util.Set<Integer> filter = seqFilter;
        int only = onlySeq;
        try (Connection c = db.connection()) {
            List<Long> ids = new ArrayList<>();
            List<Instant> times = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                ps.setLong(i++, q.meterId());
                if (q.from() != null) {
                    Jdbc.setInstant(ps, i++, q.from());
                }
                if (q.to() != null) {
                    Jdbc.setInstant(ps, i, q.to());
                }
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                        times.add(Jdbc.getInstant(rs, "created_at"));
                    }
                }
            }
            for (int from = 0; from < ids.size() && out.size() < want; from += IN_LIST) {
                List<Long> chunkIds = ids.subList(from, Math.min(ids.size(), from + IN_LIST));
                Map<Long, List<String>> blocks = blocks(c, chunkIds);
                for (int k = 0; k < chunkIds.size() && out.size() < want; k++) {
                    long readoutId = chunkIds.get(k);
                    Instant ts = times.get(from + k);
                    for (String chunk : blocks.getOrDefault(readoutId, List.of())) {
                        ValueCodec.unpack(chunk, only, e -> {
                            if (filter != null && !filter.contains(e.seq())) {
                                return;
                            }
                            if (seen[0]++ >= skip && out.size() < want) {
                                out.add(value(state, q.meterId(), readoutId, ts, e));
                            }
                        });
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read values of meter " + q.meterId(), e);
        }
        boolean more = out.size() > q.pageSize();
        return new SeriesPage(q.meterId(), q.page(), q.pageSize(), more ? out.subList(0, q.pageSize()) : out, more);
    }

    /** A meter's readout log (E3) within {@code [from, to)} (either may be null), newest first, at most {@code limit}. */
    public List<ReadoutLogEntry> readouts(long meterId, Instant from, Instant to, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1");
        }
        StringBuilder sql = new StringBuilder("SELECT id, meter_id, created_at, status, message, telegram_count, value_count,"
                + " status_byte, status_logged, access_number, duration_ms FROM readout WHERE meter_id = ?");
        if (from != null) {
            sql.append(" AND created_at >= ?");
        }
        if (to != null) {
            sql.append(" AND created_at < ?");
        }
        sql.append(" ORDER BY created_at DESC, id DESC FETCH FIRST ").append(limit).append(" ROWS ONLY");
        List<ReadoutLogEntry> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setLong(i++, meterId);
            if (from != null) {
                Jdbc.setInstant(ps, i++, from);
            }
            if (to != null) {
                Jdbc.setInstant(ps, i, to);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int sb = rs.getInt("status_byte");
                    Integer statusByte = rs.wasNull() || rs.getInt("status_logged") == 0 ? null : sb;
                    int an = rs.getInt("access_number");
                    Integer access = rs.wasNull() ? null : an;
                    String status = rs.getString("status");
                    String message = rs.getString("message");
                    if (message == null && "ok".equals(status)) {
                        message = ReadoutLogEntry.successMessage(rs.getInt("telegram_count"), rs.getInt("value_count"));
                    }
                    out.add(new ReadoutLogEntry(rs.getLong("id"), rs.getLong("meter_id"), Jdbc.getInstant(rs, "created_at"),
                            status, message, rs.getInt("telegram_count"),
                            rs.getInt("value_count"), statusByte, access, rs.getLong("duration_ms")));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read readout log of meter " + meterId, e);
        }
        return out;
    }

    /** The raw telegrams of a readout as received, in order (for re-decoding). */
    public List<byte[]> telegrams(long readoutId) {
        List<byte[]> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT frame FROM readout_block WHERE readout_id = ? AND frame IS NOT NULL ORDER BY seq")) {
            ps.setLong(1, readoutId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(ValueCodec.frame(rs.getString(1)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read telegrams of readout " + readoutId, e);
        }
        return out;
    }

    /** Every value of one readout, in record order. */
    public List<SeriesValue> values(long readoutId) {
        List<SeriesValue> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT r.meter_id, r.created_at, b.vals FROM readout r JOIN readout_block b ON b.readout_id = r.id"
                        + " WHERE r.id = ? ORDER BY b.seq")) {
            ps.setLong(1, readoutId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long meterId = rs.getLong(1);
                    Instant ts = Jdbc.getInstant(rs, "created_at");
                    MeterState state = state(meterId);
                    ValueCodec.unpack(rs.getString(3), e -> out.add(value(state, meterId, readoutId, ts, e)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read values of readout " + readoutId, e);
        }
        return out;
    }

    public long countReadouts() {
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM readout")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("cannot count readouts", e);
        }
    }

    // ---------------------------------------------------------------- retention

    /**
     * Deletes every readout (log line, telegrams, values) older than {@code cutoff}, meter by meter in
     * small transactions so the store stays writable meanwhile. Returns the number of readouts deleted.
     * A meter whose latest readout goes keeps its series; "latest values" then has nothing for it.
     */
    public long deleteOlderThan(Instant cutoff) {
        long deleted = 0;
        for (long meterId : ValueScan.metersWithReadouts(db)) {
            deleted += deleteReadouts(meterId, cutoff);
        }
        return deleted;
    }

    /** Deletes a meter's whole history: readouts, values, series (deleting a meter keeps it until then). */
    public long deleteMeterHistory(long meterId) {
        synchronized (writeLock) {
            long n = deleteReadouts(meterId, null);
            try {
                db.inTransaction(c -> {
                    try (PreparedStatement a = c.prepareStatement("DELETE FROM meter_latest WHERE meter_id = ?");
                         PreparedStatement b = c.prepareStatement("DELETE FROM value_series WHERE meter_id = ?")) {
                        a.setLong(1, meterId);
                        a.executeUpdate();
                        b.setLong(1, meterId);
                        b.executeUpdate();
                    }
                    return null;
                });
            } catch (SQLException e) {
                throw new StoreException("cannot delete history of meter " + meterId, e);
            }
            meters.remove(meterId);
            return n;
        }
    }

    private long deleteReadouts(long meterId, Instant cutoff) {
        long total = 0;
        String where = "meter_id = ?" + (cutoff == null ? "" : " AND created_at < ?");
        while (true) {
            synchronized (writeLock) {
                int deleted;
                try {
                    deleted = db.inTransaction(c -> {
                        List<Long> ids = new ArrayList<>();
                        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM readout WHERE " + where
                                + " ORDER BY created_at FETCH FIRST " + DELETE_CHUNK + " ROWS ONLY")) {
                            ps.setLong(1, meterId);
                            if (cutoff != null) {
                                Jdbc.setInstant(ps, 2, cutoff);
                            }
                            try (ResultSet rs = ps.executeQuery()) {
                                while (rs.next()) {
                                    ids.add(rs.getLong(1));
                                }
                            }
                        }
                        try (PreparedStatement blocks = c.prepareStatement("DELETE FROM readout_block WHERE readout_id = ?");
                             PreparedStatement rows = c.prepareStatement("DELETE FROM readout WHERE id = ?")) {
                            for (long id : ids) {
                                blocks.setLong(1, id);
                                blocks.addBatch();
                                rows.setLong(1, id);
                                rows.addBatch();
                            }
                            if (!ids.isEmpty()) {
                                blocks.executeBatch();
                                rows.executeBatch();
                            }
                        }
                        return ids.size();
                    });
                } catch (SQLException e) {
                    throw new StoreException("cannot delete readouts of meter " + meterId, e);
                }
                if (deleted == 0) {
                    return total;
                }
                total += deleted;
            }
        }
    }

    // ---------------------------------------------------------------- series cache

    private MeterState state(long meterId) {
        MeterState s = meters.get(meterId);
        if (s == null) {
            s = meters.computeIfAbsent(meterId, this::loadMeter);
        }
        return s;
    }

    private void loadAllOnce() {
        if (allLoaded) {
            return;
        }
        Map<Long, MeterState> loaded = new HashMap<>();
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(SERIES_SELECT + " ORDER BY meter_id, seq")) {
                while (rs.next()) {
                    StoredSeries series = readSeries(rs);
                    loaded.computeIfAbsent(series.meterId(), k -> new MeterState()).add(series);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT meter_id, readout_id, values_readout_id, status_byte, values_at FROM meter_latest")) {
                while (rs.next()) {
                    loaded.computeIfAbsent(rs.getLong(1), k -> new MeterState()).setLatest(rs);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read value series", e);
        }
        loaded.forEach(meters::putIfAbsent);
        allLoaded = true;
    }

    private static final String SERIES_SELECT =
            "SELECT id, meter_id, seq, quantity, unit, fn, storage_no, tariff, subunit, detail FROM value_series";

    private static StoredSeries readSeries(ResultSet rs) throws SQLException {
        return new StoredSeries(rs.getLong(1), rs.getLong(2), rs.getInt(3), new SeriesKey(rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getLong(7), rs.getInt(8), rs.getInt(9), rs.getString(10)));
    }

    private MeterState loadMeter(long meterId) {
        MeterState state = new MeterState();
        try (Connection c = db.connection()) {
            try (PreparedStatement ps = c.prepareStatement(SERIES_SELECT + " WHERE meter_id = ? ORDER BY seq")) {
                ps.setLong(1, meterId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        state.add(readSeries(rs));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT meter_id, readout_id, values_readout_id, status_byte, values_at FROM meter_latest WHERE meter_id = ?")) {
                ps.setLong(1, meterId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        state.setLatest(rs);
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read value series of meter " + meterId, e);
        }
        return state;
    }

    /** The latest-pointer of one meter. */
    private record Latest(long readoutId, Long valuesReadoutId, Instant valuesAt, Integer statusByte, boolean rowExists) {}

    private static final class MeterState {
        final Map<SeriesKey, Integer> seqByKey = new ConcurrentHashMap<>();
        final Map<Integer, StoredSeries> bySeq = new java.util.concurrent.ConcurrentSkipListMap<>();
        volatile int maxSeq;
        volatile Latest latest;
        volatile boolean hasLatestRow;

        void add(StoredSeries s) {
            seqByKey.put(s.key(), s.seq());
            bySeq.put(s.seq(), s);
            maxSeq = Math.max(maxSeq, s.seq());
        }

        void setLatest(ResultSet rs) throws SQLException {
            long readoutId = rs.getLong(2);
            long v = rs.getLong(3);
            Long valuesId = rs.wasNull() ? null : v;
            int sb = rs.getInt(4);
            Integer status = rs.wasNull() ? null : sb;
            latest = new Latest(readoutId, valuesId, Jdbc.getInstant(rs, "values_at"), status, true);
            hasLatestRow = true;
        }
    }

    /** For tests and tools: forget cached series so the next use reads them from the database. */
    void clearCache() {
        meters.clear();
        allLoaded = false;
    }

    static Collection<String> tables() {
        return List.of("value_series", "readout", "readout_block", "meter_latest");
    }
}
