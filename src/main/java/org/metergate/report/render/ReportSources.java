package org.metergate.report.render;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.metergate.admin.LogEntry;
import org.metergate.admin.LogQuery;
import org.metergate.meters.Meter;
import org.metergate.report.ReportPeriod;
import org.metergate.report.ValueInterval;
import org.metergate.store.Cursor;
import org.metergate.store.LatestReadout;
import org.metergate.store.ScannedReadout;
import org.metergate.store.SeriesValue;
import org.metergate.store.ValueScan;

/**
 * What one rendering reads, opened on demand and closed together at the end: value cursors (one per
 * listing of {@code values} or {@code meterValues}), the log cursor, the meters with their latest readouts.
 */
public final class ReportSources implements AutoCloseable {

    /** Where the system log of a period comes from (the gateway's {@code SystemLog}). */
    @FunctionalInterface
    public interface LogSource {
        Cursor<LogEntry> open(LogQuery query);
    }

    private final ValueScan scan;
    private final Supplier<List<Meter>> registry;
    private final LogSource log;
    private final ReportPeriod period;
    private final ValueInterval interval;
    private final Formats formats;
    private final org.metergate.report.GatewaySetup setup;
    private final List<Cursor<?>> open = new ArrayList<>();
    private final Map<Long, SeriesModel> series = new HashMap<>();
    private Map<Long, MeterModel> meters;
    private List<MeterModel> installed;
    private List<Meter> registryMeters;

    public ReportSources(ValueScan scan, Supplier<List<Meter>> registry, LogSource log, ReportPeriod period,
                         ValueInterval interval, Formats formats) {
        this(scan, registry, log, period, interval, formats, org.metergate.report.GatewaySetup.NONE);
    }

    public ReportSources(ValueScan scan, Supplier<List<Meter>> registry, LogSource log, ReportPeriod period,
                         ValueInterval interval, Formats formats, org.metergate.report.GatewaySetup setup) {
        this.setup = setup;
        this.scan = scan;
        this.registry = registry;
        this.log = log;
        this.period = period;
        this.interval = interval;
        this.formats = formats;
    }

    Formats formats() {
        return formats;
    }

    org.metergate.report.GatewaySetup setup() {
        return setup;
    }

    /** The registry's meters (id order) behind {@link #installedMeters()}. */
    List<Meter> registryMeters() {
        loadMeters();
        return registryMeters;
    }

    /**
     * The values of a meter's latest readout with values, taken at {@code at} (one readout: they are few);
     * the cursor is closed before this returns.
     */
    List<SeriesValue> latestValues(long meterId, java.time.Instant at) {
        ScannedReadout last = null;
        try (Cursor<ScannedReadout> c = scan.open(List.of(meterId), at, at.plusMillis(1))) {
            while (c.hasNext()) {
                ScannedReadout r = c.next();
                if (r.createdAt().equals(at)) {
                    last = r; // two readouts at the same instant: the later one is the latest
                }
            }
        }
        return last == null ? List.of() : last.values();
    }

    /** The installed meters in id order, each with its latest readout; loaded once per rendering. */
    List<MeterModel> installedMeters() {
        loadMeters();
        return installed;
    }

    MeterModel meter(long id) {
        loadMeters();
        return meters.computeIfAbsent(id, k -> new MeterModel(k, null, null, formats)); // history of a removed meter
    }

    private void loadMeters() {
        if (meters != null) {
            return;
        }
        Map<Long, LatestReadout> latest = scan.latestReadouts();
        meters = new HashMap<>();
        installed = new ArrayList<>();
        registryMeters = registry.get();
        for (Meter m : registryMeters) {
            LatestReadout l = latest.get(m.id());
            MeterModel model = new MeterModel(m.id(), m, l, formats);
            model.put("latestValues", new LatestValuesModel(this, model, l == null ? null : l.telegramsAt()));
            meters.put(m.id(), model);
            installed.add(model);
        }
    }

    SeriesModel series(SeriesValue v) {
        SeriesModel s = series.get(v.seriesId());
        if (s == null) {
            s = new SeriesModel(v.seriesId(), v.series());
            series.put(v.seriesId(), s);
        }
        return s;
    }

    /** A new pass over the period's readouts with values, thinned by the value interval (F6). */
    Iterator<ScannedReadout> readouts() {
        return readouts(null);
    }

    /** The meters with readouts, ascending (some may have none in the period). */
    List<Long> metersWithReadouts() {
        return scan.metersWithReadouts();
    }

    boolean hasValues(long meterId) {
        return scan.hasValues(meterId, period.from(), period.to());
    }

    /** As {@link #readouts()}, of the given meters only ({@code null}: all). */
    Iterator<ScannedReadout> readouts(List<Long> meterIds) {
        Cursor<ScannedReadout> cursor = scan.open(meterIds, period.from(), period.to());
        open.add(cursor);
        Thinning thinning = new Thinning(interval, formats.zone(), formats.firstDayOfWeek());
        return new Iterator<>() {
            private ScannedReadout next;

            @Override
            public boolean hasNext() {
                while (next == null && cursor.hasNext()) {
                    next = thinning.apply(cursor.next());
                }
                return next != null;
            }

            @Override
            public ScannedReadout next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ScannedReadout r = next;
                next = null;
                return r;
            }
        };
    }

    /** The system log of the period, oldest first. */
    Cursor<LogEntry> log() {
        if (!period.to().isAfter(period.from())) {
            return EmptyCursor.instance();
        }
        Cursor<LogEntry> cursor = log.open(new LogQuery(null, period.from(), period.to(), null, 0, LogQuery.MAX_PAGE_SIZE));
        open.add(cursor);
        return cursor;
    }

    ValueRowModel row(MeterModel meter, ReadoutStamp stamp, SeriesValue v) {
        return new ValueRowModel(meter, stamp, series(v), v, formats);
    }

    /** No rows. */
    private static final class EmptyCursor<T> implements Cursor<T> {
        @SuppressWarnings("rawtypes")
        private static final EmptyCursor INSTANCE = new EmptyCursor();

        @SuppressWarnings("unchecked")
        static <T> Cursor<T> instance() {
            return INSTANCE;
        }

        @Override
        public boolean hasNext() {
            return false;
        }

        @Override
        public T next() {
            throw new NoSuchElementException();
        }

        @Override
        public void close() {
        }
    }

    @Override
    public void close() {
        for (Cursor<?> c : open) {
            try {
                c.close();
            } catch (RuntimeException e) {
                // keep closing the others
            }
        }
        open.clear();
    }
}
