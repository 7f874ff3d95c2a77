package org.metergate.meters;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.metergate.bus.ReadoutResult;
import org.metergate.mbus.DataRecord;
import org.metergate.mbus.Function;
import org.metergate.mbus.MbusValue;
import org.metergate.mbus.MeterReadout;
import org.metergate.store.ReadoutLogEntry;
import org.metergate.store.ReadoutRepository;
import org.metergate.store.SeriesKey;
import org.metergate.store.StoreResult;
import org.metergate.store.StoredReadout;
import org.metergate.store.ValueRow;

/**
 * Stores what the bus read (SPEC E1, E3, E4, C2/C3 status): maps a {@link ReadoutResult} of a meter
 * to a {@link StoredReadout} — the raw telegrams, every decoded value (integers and BCD exactly as
 * unscaled × 10^-scale, floats as their exact decimal, dates and text as text, binary and
 * manufacturer-specific data as hex) and the readout log line — stores it in one transaction, then
 * records the meter's status (ok / error, message, time).
 *
 * <p>Bind it as a bean and call it from a route with the meter id in a header:
 * {@code bean: {ref: readoutRecorder, method: "record(${header.meterId}, ${body})"}}; the result
 * ({@link Recorded}) becomes the body, e.g. for {@code direct:readout-stored}.
 */
public final class ReadoutRecorder {

    /** A float's exact decimal can have ~100 digits; 34 significant digits (IEEE decimal128) is plenty. */
    private static final MathContext MAX_PRECISION = MathContext.DECIMAL128;

    /** What was stored for one readout. */
    public record Recorded(long meterId, long readoutId, String status, String message, int telegrams, int values,
                           boolean statusLogged) {}

    /**
     * One meter's readout, for {@link #recordAll(List)}.
     *
     * @param note added to the readout log message, e.g. "attempt 2 of 3" (SPEC D5); empty for none
     */
    public record MeterResult(long meterId, ReadoutResult result, String note) {
        public MeterResult(long meterId, ReadoutResult result) {
            this(meterId, result, "");
        }
    }

    private final ReadoutRepository values;
    private final MeterRepository meters;

    public ReadoutRecorder(ReadoutRepository values, MeterRepository meters) {
        this.values = values;
        this.meters = meters;
    }

    /** Stores one readout (committed when this returns) and updates the meter's status. */
    public Recorded record(long meterId, ReadoutResult result) {
        return record(meterId, result, "");
    }

    /** Stores one readout with a note for its log message (e.g. which attempt it was). */
    public Recorded record(long meterId, ReadoutResult result, String note) {
        return recordAll(List.of(new MeterResult(meterId, result, note))).get(0);
    }

    /** Stores the readouts of a bus cycle in one transaction (one commit for all), then the meters' status. */
    public List<Recorded> recordAll(List<MeterResult> results) {
        List<StoredReadout> stored = new ArrayList<>(results.size());
        for (MeterResult r : results) {
            stored.add(toStored(r.meterId(), r.result(), r.note()));
        }
        List<StoreResult> written = values.storeAll(stored);
        List<Recorded> out = new ArrayList<>(written.size());
        for (int i = 0; i < written.size(); i++) {
            StoredReadout s = stored.get(i);
            StoreResult w = written.get(i);
            String message = s.message() != null ? s.message() : ReadoutLogEntry.successMessage(w.telegrams(), w.values());
            meters.updateStatus(s.meterId(), new MeterStatus(results.get(i).result().ok() ? "ok" : "error", message,
                    s.createdAt()));
            out.add(new Recorded(s.meterId(), w.readoutId(), s.status(), message, w.telegrams(), w.values(),
                    w.statusLogged()));
        }
        return out;
    }

    /** The store's form of a readout: log fields, raw telegrams, every decoded value. */
    public static StoredReadout toStored(long meterId, ReadoutResult r) {
        return toStored(meterId, r, "");
    }

    public static StoredReadout toStored(long meterId, ReadoutResult r, String note) {
        MeterReadout readout = r.readout();
        List<ValueRow> rows = readout == null ? List.of() : values(readout);
        Integer statusByte = readout == null ? null : readout.header().status();
        Integer access = readout == null ? null : readout.header().accessNumber();
        String message = message(r, readout, rows.size());
        if (note != null && !note.isEmpty()) {
            message = (message != null ? message : ReadoutLogEntry.successMessage(r.telegrams().size(), rows.size()))
                    + " (" + note + ")";
        }
        return new StoredReadout(meterId, r.started(), r.status().name().toLowerCase(java.util.Locale.ROOT), message,
                statusByte, access, r.elapsed() == null ? 0 : r.elapsed().toMillis(), r.telegrams(), rows);
    }

    /** Null for a complete successful readout (the log shows {@link ReadoutLogEntry#successMessage}). */
    private static String message(ReadoutResult r, MeterReadout readout, int values) {
        if (r.ok()) {
            return readout != null && !readout.complete()
                    ? ReadoutLogEntry.successMessage(r.telegrams().size(), values) + " (telegram limit reached, more records announced)"
                    : null;
        }
        return r.message() == null || r.message().isBlank() ? r.status().name() : r.message();
    }

    /** Every decoded record as a value row; records repeating a key get " #2", " #3" ... in their detail. */
    public static List<ValueRow> values(MeterReadout readout) {
        List<ValueRow> rows = new ArrayList<>(readout.records().size());
        Map<SeriesKey, Integer> seen = new HashMap<>();
        for (DataRecord d : readout.records()) {
            if (d.function() == Function.MORE_RECORDS_FOLLOW && d.data().isEmpty()) {
                continue;
            }
            List<String> notes = d.annotations();
            String detail = notes.isEmpty() ? "" : String.join(", ", notes);
            SeriesKey key = new SeriesKey(d.quantity(), d.unit(), d.function().label(), d.storage(), d.tariff(),
                    d.subunit(), detail);
            int n = seen.merge(key, 1, Integer::sum);
            if (n > 1) {
                key = new SeriesKey(key.quantity(), key.unit(), key.function(), key.storage(), key.tariff(), key.subunit(),
                        (detail.isEmpty() ? "#" : detail + " #") + n);
            }
            rows.add(row(key, d));
        }
        return rows;
    }

    private static ValueRow row(SeriesKey key, DataRecord d) {
        if (d.isExactLong()) {
            return ValueRow.number(key, d.unscaledValue(), d.scale());
        }
        MbusValue v = d.value();
        if (v instanceof MbusValue.Numeric num) {
            BigDecimal b = num.value();
            return ValueRow.number(key, b.precision() > MAX_PRECISION.getPrecision() ? b.round(MAX_PRECISION) : b);
        }
        return ValueRow.text(key, v.text());
    }
}
