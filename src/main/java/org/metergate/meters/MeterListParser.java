package org.metergate.meters;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.metergate.sheet.Sheet;
import org.metergate.sheet.SheetColumns;
import org.metergate.sheet.SheetError;
import org.metergate.sheet.SheetFormat;
import org.metergate.sheet.SheetReadException;
import org.metergate.sheet.SheetReader;
import org.metergate.sheet.SheetRow;

/**
 * Reads a meter list (SPEC C1) from CSV, XLSX or Excel 97-2003 XLS and validates all of it.
 *
 * <h2>Format</h2>
 * <ul>
 * <li>CSV, XLSX or XLS, recognised by content ({@link SheetReader}).</li>
 * <li>The first non-empty line is the header: the manual's {@code Position, SecondaryAddress, BaudRate,
 * AddressingMode, PrimaryAddress, EnhancedAddress}, then optionally {@code Bus, Manufacturer, Version,
 * Medium, Active, MultiTelegram, MaxTelegrams, ResponseTimeoutMs, Retries, PauseMs, ListPosition}; any
 * order, case-insensitive ({@link SheetColumns}). Position, SecondaryAddress, BaudRate and AddressingMode are
 * required, the others may be left out. Empty lines are skipped.</li>
 * <li>Cells: Position (the name, 1..200 characters), SecondaryAddress (8 digits, hex allowed; in a
 * spreadsheet a number cell with fewer digits gets its leading zeros back; may be empty for primary
 * addressing only), BaudRate (300, 2400, 9600; 19200, 38400 for fast converters), AddressingMode (primary, secondary, esecondary),
 * PrimaryAddress (0..250, required for primary), EnhancedAddress (esecondary only: the receiver's 8 hex
 * digits, optionally followed by the meter's 8 hex digits manufacturer/version/medium; blanks, '-' and ':'
 * between them are ignored).</li>
 * <li>The optional columns carry the rest of a meter's settings ({@link MeterSettings}), so an export
 * ({@link MeterListExport}) imports as it was: Bus (a configured bus or wireless receiver,
 * {@link KnownBuses}), Manufacturer (three letters), Version and Medium (0..255), Active and MultiTelegram
 * (true/false), MaxTelegrams (0 = auto, 1..255), ResponseTimeoutMs (10..60000), Retries (0..10), PauseMs (0..60000),
 * ListPosition. An absent column or an empty cell means what a list without the column always meant
 * ({@link MeterListRow}): the bus the caller names, and so on.</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * Every error is collected with its line (header = line 1, the sheet's row number in spreadsheets, the
 * record number in CSV), column and reason; file-level errors (empty, too large, not a meter list file)
 * have line 0. Duplicates within the file (the same meter, or one primary address twice on one bus) are
 * errors on the later line. Bounded: at most {@code maxBytes} of input and {@code maxMeters} meters.
 */
public final class MeterListParser {

    public static final long DEFAULT_MAX_BYTES = 5L * 1024 * 1024;
    public static final int DEFAULT_MAX_METERS = 10_000;

    public static final String POSITION = "Position";
    public static final String SECONDARY = "SecondaryAddress";
    public static final String BAUD = "BaudRate";
    public static final String MODE = "AddressingMode";
    public static final String PRIMARY = "PrimaryAddress";
    public static final String ENHANCED = "EnhancedAddress";
    public static final String BUS = "Bus";
    public static final String MANUFACTURER = "Manufacturer";
    public static final String VERSION = "Version";
    public static final String MEDIUM = "Medium";
    public static final String ACTIVE = "Active";
    public static final String MULTI_TELEGRAM = "MultiTelegram";
    public static final String MAX_TELEGRAMS = "MaxTelegrams";
    public static final String RESPONSE_TIMEOUT_MS = "ResponseTimeoutMs";
    public static final String RETRIES = "Retries";
    public static final String PAUSE_MS = "PauseMs";
    public static final String LIST_POSITION = "ListPosition";
    /** The manual's columns (figure 4), in the template's order. */
    public static final List<String> MANUAL_COLUMNS = List.of(POSITION, SECONDARY, BAUD, MODE, PRIMARY, ENHANCED);
    /** Every column, in the export's order: the manual's, then the rest of a meter's settings. */
    public static final List<String> COLUMNS = List.of(POSITION, SECONDARY, BAUD, MODE, PRIMARY, ENHANCED, BUS,
            MANUFACTURER, VERSION, MEDIUM, ACTIVE, MULTI_TELEGRAM, MAX_TELEGRAMS, RESPONSE_TIMEOUT_MS, RETRIES, PAUSE_MS,
            LIST_POSITION);
    private static final List<String> REQUIRED = List.of(POSITION, SECONDARY, BAUD, MODE);

    private static final String WHAT = "meter list";

    private final SheetReader reader;
    private final int maxMeters;
    private final String defaultBus;
    private final KnownBuses buses;

    /** A parser for the default bus only: every meter on {@link MeterSettings#DEFAULT_BUS}, unless its Bus cell names it. */
    public MeterListParser() {
        this(DEFAULT_MAX_BYTES, DEFAULT_MAX_METERS, MeterSettings.DEFAULT_BUS, KnownBuses.NONE);
    }

    /**
     * @param defaultBus the bus of meters whose Bus cell is empty (or whose list has no Bus column)
     * @param buses      the other buses a Bus cell may name; asked once per parse
     */
    public MeterListParser(long maxBytes, int maxMeters, String defaultBus, KnownBuses buses) {
        this.reader = new SheetReader(WHAT, maxBytes, maxMeters);
        this.maxMeters = maxMeters;
        this.defaultBus = defaultBus;
        this.buses = buses;
    }

    public long maxBytes() {
        return reader.maxBytes();
    }

    public String defaultBus() {
        return defaultBus;
    }

    /** The buses a list may name now: the configured ones and the default bus, sorted. */
    public SortedSet<String> knownBuses() {
        SortedSet<String> all = new TreeSet<>(buses.ids());
        all.add(defaultBus);
        return Collections.unmodifiableSortedSet(all);
    }

    /** Reads at most maxBytes + 1 bytes from the stream, then parses; a longer stream is refused. */
    public MeterList parse(InputStream in) throws IOException {
        return parse(reader.readBounded(in));
    }

    /** Parses and validates the whole list; never throws for bad content, every problem is in {@link MeterList#errors()}. */
    public MeterList parse(byte[] content) {
        return parse(content, defaultBus);
    }

    /**
     * As {@link #parse(byte[])}, with meters whose Bus cell is empty put on {@code bus} (the caller checked
     * that it is one of {@link #knownBuses()} or the parser's default bus).
     */
    public MeterList parse(byte[] content, String bus) {
        Sheet sheet;
        try {
            sheet = reader.read(content);
        } catch (SheetReadException e) {
            return fileError(format(e.format()), e.getMessage());
        }
        return validate(sheet, bus);
    }

    private static MeterList.Format format(SheetFormat format) {
        return MeterList.Format.valueOf(format.name());
    }

    // ---- validation ---------------------------------------------------------------------------------

    private MeterList validate(Sheet sheet, String bus) {
        MeterList.Format format = format(sheet.format());
        List<SheetError> errors = new ArrayList<>();
        if (sheet.rows().isEmpty()) {
            errors.add(new SheetError(0, null, "the file is empty: expected a header line "
                    + String.join(",", MANUAL_COLUMNS) + " and one line per meter"));
            return list(format, List.of(), errors);
        }
        SheetColumns columns = SheetColumns.of(sheet.rows().get(0), WHAT, COLUMNS, REQUIRED, errors);
        if (columns == null) {
            return list(format, List.of(), errors);
        }
        SortedSet<String> known = new TreeSet<>(knownBuses());
        known.add(bus);
        MeterListRow rows = new MeterListRow(columns, bus, known, errors);
        List<MeterList.Line> meters = new ArrayList<>();
        Map<String, List<MeterList.Line>> bySecondary = new HashMap<>();
        Map<String, Integer> primaryLines = new HashMap<>();
        int last = Math.min(sheet.rows().size(), maxMeters + 1);
        for (int i = 1; i < last; i++) {
            SheetRow row = sheet.rows().get(i);
            MeterSettings meter = rows.read(row);
            if (meter == null) {
                continue;
            }
            MeterList.Line line = new MeterList.Line(row.line(), meter);
            if (meter.secondaryId() != null) {
                // wireless meters of two manufacturers may share an id: the same meter is id and identity
                List<MeterList.Line> sameId = bySecondary.computeIfAbsent(meter.secondaryId(), k -> new ArrayList<>());
                MeterList.Line earlier = sameId.stream().filter(l -> l.settings().sameMeterAs(meter)).findFirst().orElse(null);
                if (earlier != null) {
                    errors.add(new SheetError(row.line(), SECONDARY, "duplicate meter: secondary address "
                            + meter.secondaryId() + " is already on line " + earlier.line()));
                    continue;
                }
                sameId.add(line);
            }
            if (meter.primaryKey() != null) {
                Integer earlier = primaryLines.putIfAbsent(meter.primaryKey(), row.line());
                if (earlier != null) {
                    errors.add(new SheetError(row.line(), PRIMARY, "duplicate primary address "
                            + meter.primaryAddress() + " on bus " + meter.busId() + ": already used on line " + earlier));
                    continue;
                }
            }
            meters.add(line);
        }
        if (sheet.rows().size() == 1) {
            errors.add(new SheetError(0, null, "the list has no meters: add one line per meter below the header"));
        }
        if (sheet.truncated()) {
            errors.add(new SheetError(sheet.rows().get(sheet.rows().size() - 1).line(), null,
                    "more than " + maxMeters + " meters in one list; split the meter list"));
        }
        return list(format, meters, errors);
    }

    private static MeterList list(MeterList.Format format, List<MeterList.Line> meters, List<SheetError> errors) {
        return new MeterList(format, meters, errors.stream()
                .map(e -> new MeterListError(e.line(), e.column(), e.reason())).toList());
    }

    private static MeterList fileError(MeterList.Format format, String reason) {
        return new MeterList(format, List.of(), List.of(new MeterListError(0, null, reason)));
    }
}
