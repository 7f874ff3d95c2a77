package org.metergate.meters;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

/**
 * Reads a meter list (SPEC C1) from CSV, XLSX or Excel 97-2003 XLS and validates all of it.
 *
 * <h2>Format</h2>
 * <ul>
 * <li>The file type is recognised by its content, not its name or content type: XLSX (a zip), XLS (an OLE2
 * compound file), otherwise text CSV. CSV may be UTF-8 with or without BOM, UTF-16 with BOM, or
 * Windows-1252 (what Excel writes as "CSV (semicolon/comma delimited)"); the separator is the one of
 * {@code ;}, {@code ,} or tab that occurs most in the header line. Excel's {@code sep=;} first line is honoured.
 * Spreadsheets: the first sheet is read.</li>
 * <li>The first non-empty line is the header: {@code Position, SecondaryAddress, BaudRate,
 * AddressingMode, PrimaryAddress, EnhancedAddress}, any order, case-insensitive. The first four are
 * required, PrimaryAddress and EnhancedAddress may be left out. A column the list does not define is
 * an error (a misspelt "PrimaryAdress" must not silently drop every primary address); a column without
 * a header name is ignored as long as it holds no values. Empty lines are skipped.</li>
 * <li>Cells: Position (the name, 1..200 characters), SecondaryAddress (8 digits, hex allowed; in a
 * spreadsheet a number cell with fewer digits gets its leading zeros back), BaudRate (300, 2400, 9600),
 * AddressingMode (primary, secondary, esecondary), PrimaryAddress (0..250, required for primary),
 * EnhancedAddress (esecondary only: the receiver's 8 hex digits, optionally followed by the meter's
 * 8 hex digits manufacturer/version/medium; blanks, '-' and ':' between them are ignored).</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * Every error is collected with its line (header = line 1, the sheet's row number in spreadsheets, the
 * record number in CSV), column and reason; file-level errors (empty, too large, not a meter list file)
 * have line 0. Duplicates within the file are errors on the later line. Bounded: at most
 * {@code maxBytes} of input and {@code maxMeters} meters; XLSX parts are read streaming with POI's
 * zip-bomb guard and a cap on the inflated size.
 */
public final class MeterListParser {

    public static final long DEFAULT_MAX_BYTES = 5L * 1024 * 1024;
    public static final int DEFAULT_MAX_METERS = 10_000;
    /** Largest inflated part of an XLSX (a 10,000-meter sheet is about 4 MB of XML). */
    static final long MAX_XLSX_ENTRY_BYTES = 32L * 1024 * 1024;

    public static final String POSITION = "Position";
    public static final String SECONDARY = "SecondaryAddress";
    public static final String BAUD = "BaudRate";
    public static final String MODE = "AddressingMode";
    public static final String PRIMARY = "PrimaryAddress";
    public static final String ENHANCED = "EnhancedAddress";
    /** The columns in the template's order. */
    public static final List<String> COLUMNS = List.of(POSITION, SECONDARY, BAUD, MODE, PRIMARY, ENHANCED);
    private static final List<String> REQUIRED = List.of(POSITION, SECONDARY, BAUD, MODE);

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,7}");
    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]+");
    private static final Pattern INTEGER = Pattern.compile("[+]?[0-9]{1,9}");

    static {
        if (ZipSecureFile.getMaxEntrySize() > MAX_XLSX_ENTRY_BYTES) {
            ZipSecureFile.setMaxEntrySize(MAX_XLSX_ENTRY_BYTES);
        }
    }

    private final long maxBytes;
    private final int maxMeters;
    private final String busId;

    public MeterListParser() {
        this(DEFAULT_MAX_BYTES, DEFAULT_MAX_METERS, MeterSettings.DEFAULT_BUS);
    }

    /** @param busId the bus the list's meters are installed on (the list has no bus column) */
    public MeterListParser(long maxBytes, int maxMeters, String busId) {
        this.maxBytes = maxBytes;
        this.maxMeters = maxMeters;
        this.busId = busId;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Reads at most maxBytes + 1 bytes from the stream, then parses; a longer stream is refused. */
    public MeterList parse(InputStream in) throws IOException {
        byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        return parse(content);
    }

    /** Parses and validates the whole list; never throws for bad content, every problem is in {@link MeterList#errors()}. */
    public MeterList parse(byte[] content) {
        if (content == null || content.length == 0) {
            return fileError(MeterList.Format.UNKNOWN, "the file is empty");
        }
        if (content.length > maxBytes) {
            return fileError(MeterList.Format.UNKNOWN, "the file is larger than " + size(maxBytes) + "; split the meter list");
        }
        MeterList.Format format = detect(content);
        Table table = new Table();
        try {
            switch (format) {
                case XLSX -> readXlsx(content, table);
                case XLS -> readXls(content, table);
                default -> {
                    String text = decode(content);
                    if (text == null) {
                        return fileError(MeterList.Format.UNKNOWN, "not a meter list: the file is neither CSV text nor an XLSX or XLS workbook");
                    }
                    readCsv(text, table);
                }
            }
        } catch (TableFull full) {
            // enough read: the row limit error is added below
        } catch (Exception e) {
            // POI and commons-csv signal broken input with all sorts of exceptions (IOException,
            // IllegalStateException, RecordFormatException, NotOfficeXmlFileException …): all mean "cannot read".
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return fileError(format, "cannot read the file as " + format.name() + ": " + shorten(why));
        }
        return validate(format, table);
    }

    // ---- reading ------------------------------------------------------------------------------------

    /** One cell as read: its text and whether a spreadsheet stored it as a number. */
    private record CellValue(String text, boolean numeric) {}

    private record RawRow(int line, Map<Integer, CellValue> cells) {
        boolean blank() {
            return cells.values().stream().allMatch(c -> c.text().isBlank());
        }
    }

    /** Rows as read, bounded: stops (TableFull) once the header and maxMeters + 1 non-empty rows are in. */
    private final class Table {
        final List<RawRow> rows = new ArrayList<>();
        int nonBlank;
        boolean truncated;

        void add(RawRow row) {
            if (row.blank()) {
                return;
            }
            rows.add(row);
            nonBlank++;
            if (nonBlank > maxMeters + 1) {
                truncated = true;
                throw new TableFull();
            }
        }
    }

    private static final class TableFull extends RuntimeException {
        TableFull() {
            super(null, null, false, false);
        }
    }

    static MeterList.Format detect(byte[] b) {
        if (b.length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) {
            return MeterList.Format.XLSX;
        }
        if (b.length >= 8 && (b[0] & 0xFF) == 0xD0 && (b[1] & 0xFF) == 0xCF && (b[2] & 0xFF) == 0x11 && (b[3] & 0xFF) == 0xE0
                && (b[4] & 0xFF) == 0xA1 && (b[5] & 0xFF) == 0xB1 && (b[6] & 0xFF) == 0x1A && (b[7] & 0xFF) == 0xE1) {
            return MeterList.Format.XLS;
        }
        return MeterList.Format.CSV;
    }

    /** The text of a CSV file, or null when it is binary. */
    static String decode(byte[] b) {
        String text;
        if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            text = new String(b, 3, b.length - 3, StandardCharsets.UTF_8);
        } else if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            text = new String(b, 2, b.length - 2, StandardCharsets.UTF_16LE);
        } else if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            text = new String(b, 2, b.length - 2, StandardCharsets.UTF_16BE);
        } else {
            try {
                text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException notUtf8) {
                text = new String(b, Charset.forName("windows-1252"));
            }
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\r' && c != '\n') {
                return null;
            }
        }
        return text;
    }

    private static void readCsv(String text, Table table) throws IOException {
        int firstLineEnd = lineEnd(text, 0);
        String first = text.substring(0, firstLineEnd);
        int skippedLines = 0;
        char delimiter;
        if (first.length() == 5 && first.regionMatches(true, 0, "sep=", 0, 4)) {
            delimiter = first.charAt(4);
            int next = firstLineEnd;
            if (next < text.length() && text.charAt(next) == '\r') {
                next++;
            }
            if (next < text.length() && text.charAt(next) == '\n') {
                next++;
            }
            text = text.substring(next);
            skippedLines = 1;
        } else {
            delimiter = delimiterOf(first);
        }
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setDelimiter(delimiter)
                .setIgnoreEmptyLines(false)
                .get();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            for (CSVRecord record : parser) {
                Map<Integer, CellValue> cells = new HashMap<>();
                for (int i = 0; i < record.size(); i++) {
                    cells.put(i, new CellValue(record.get(i), false));
                }
                table.add(new RawRow((int) record.getRecordNumber() + skippedLines, cells));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static int lineEnd(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    /** The one of ';', ',' and tab that occurs most often in the header line (outside quotes); ',' when none does. */
    static char delimiterOf(String headerLine) {
        int semicolons = 0;
        int commas = 0;
        int tabs = 0;
        boolean quoted = false;
        for (int i = 0; i < headerLine.length(); i++) {
            char c = headerLine.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                switch (c) {
                    case ';' -> semicolons++;
                    case ',' -> commas++;
                    case '\t' -> tabs++;
                    default -> { }
                }
            }
        }
        if (semicolons > commas && semicolons >= tabs) {
            return ';';
        }
        if (tabs > commas && tabs > semicolons) {
            return '\t';
        }
        return ',';
    }

    /** Remembers whether the last value it formatted was a number cell (the streaming XLSX reader only passes text). */
    private static final class NumberAwareFormatter extends DataFormatter {
        boolean numeric;

        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString) {
            numeric = true;
            return super.formatRawCellContents(value, formatIndex, formatString);
        }
    }

    private static void readXlsx(byte[] content, Table table) throws Exception {
        OPCPackage pkg = OPCPackage.open(new ByteArrayInputStream(content));
        try {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg);
            StylesTable styles = reader.getStylesTable();
            var sheets = reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw new IOException("the workbook has no sheet");
            }
            NumberAwareFormatter formatter = new NumberAwareFormatter();
            XSSFSheetXMLHandler.SheetContentsHandler handler = new XSSFSheetXMLHandler.SheetContentsHandler() {
                Map<Integer, CellValue> cells;
                int nextColumn;

                @Override
                public void startRow(int rowNum) {
                    cells = new HashMap<>();
                    nextColumn = 0;
                }

                @Override
                public void endRow(int rowNum) {
                    table.add(new RawRow(rowNum + 1, cells));
                }

                @Override
                public void cell(String cellReference, String formattedValue, XSSFComment comment) {
                    int column = cellReference == null ? nextColumn : new CellReference(cellReference).getCol();
                    nextColumn = column + 1;
                    cells.put(column, new CellValue(formattedValue == null ? "" : formattedValue, formatter.numeric));
                    formatter.numeric = false;
                }
            };
            try (InputStream sheet = sheets.next()) {
                XMLReader parser = XMLHelper.newXMLReader();
                parser.setContentHandler(new XSSFSheetXMLHandler(styles, null, strings, handler, formatter, false));
                parser.parse(new InputSource(sheet));
            }
        } finally {
            pkg.revert(); // closes without writing anything back
        }
    }

    private static void readXls(byte[] content, Table table) throws Exception {
        try (HSSFWorkbook workbook = new HSSFWorkbook(new ByteArrayInputStream(content))) {
            if (workbook.getNumberOfSheets() == 0) {
                throw new IOException("the workbook has no sheet");
            }
            Sheet sheet = workbook.getSheetAt(0);
            DataFormatter formatter = new DataFormatter();
            for (Row row : sheet) {
                Map<Integer, CellValue> cells = new HashMap<>();
                for (Cell cell : row) {
                    cells.put(cell.getColumnIndex(), xlsCell(cell, formatter));
                }
                table.add(new RawRow(row.getRowNum() + 1, cells));
            }
        }
    }

    private static CellValue xlsCell(Cell cell, DataFormatter formatter) {
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        return switch (type) {
            case NUMERIC -> new CellValue(formatter.formatRawCellContents(cell.getNumericCellValue(),
                    cell.getCellStyle().getDataFormat(), cell.getCellStyle().getDataFormatString()), true);
            case STRING -> new CellValue(cell.getStringCellValue(), false);
            case BOOLEAN -> new CellValue(String.valueOf(cell.getBooleanCellValue()), false);
            case ERROR -> new CellValue("#ERROR", false);
            default -> new CellValue("", false);
        };
    }

    // ---- validation ---------------------------------------------------------------------------------

    private MeterList validate(MeterList.Format format, Table table) {
        List<MeterListError> errors = new ArrayList<>();
        if (table.rows.isEmpty()) {
            errors.add(new MeterListError(0, null, "the file is empty: expected a header line "
                    + String.join(",", COLUMNS) + " and one line per meter"));
            return new MeterList(format, List.of(), errors);
        }
        RawRow header = table.rows.get(0);
        Map<String, Integer> columns = header(header, errors);
        if (columns == null) {
            return new MeterList(format, List.of(), errors);
        }
        List<MeterList.Line> meters = new ArrayList<>();
        Map<String, Integer> secondaryLines = new HashMap<>();
        Map<Integer, Integer> primaryLines = new HashMap<>();
        int last = Math.min(table.rows.size(), maxMeters + 1);
        for (int i = 1; i < last; i++) {
            RawRow row = table.rows.get(i);
            MeterSettings meter = row(row, header, columns, errors);
            if (meter == null) {
                continue;
            }
            Integer earlier = secondaryLines.putIfAbsent(meter.secondaryId(), row.line());
            if (earlier != null) {
                errors.add(new MeterListError(row.line(), SECONDARY, "duplicate meter: secondary address "
                        + meter.secondaryId() + " is already on line " + earlier));
                continue;
            }
            if (meter.mode() == AddressingMode.PRIMARY) {
                earlier = primaryLines.putIfAbsent(meter.primaryAddress(), row.line());
                if (earlier != null) {
                    errors.add(new MeterListError(row.line(), PRIMARY, "duplicate primary address "
                            + meter.primaryAddress() + ": already used on line " + earlier));
                    continue;
                }
            }
            meters.add(new MeterList.Line(row.line(), meter));
        }
        if (table.rows.size() == 1) {
            errors.add(new MeterListError(0, null, "the list has no meters: add one line per meter below the header"));
        }
        if (table.truncated) {
            errors.add(new MeterListError(table.rows.get(table.rows.size() - 1).line(), null,
                    "more than " + maxMeters + " meters in one list; split the meter list"));
        }
        return new MeterList(format, meters, errors);
    }

    /** Column name → cell index, or null when the header is not a meter list header at all. */
    private static Map<String, Integer> header(RawRow header, List<MeterListError> errors) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        List<MeterListError> headerErrors = new ArrayList<>();
        for (var cell : new java.util.TreeMap<>(header.cells()).entrySet()) {
            String name = cell.getValue().text().strip().replace("\uFEFF", "");
            if (name.isEmpty()) {
                continue;
            }
            String known = COLUMNS.stream().filter(c -> c.equalsIgnoreCase(name)).findFirst().orElse(null);
            if (known == null) {
                headerErrors.add(new MeterListError(header.line(), shorten(name),
                        "unknown column (the meter list has the columns " + String.join(", ", COLUMNS) + ")"));
            } else if (columns.putIfAbsent(known, cell.getKey()) != null) {
                headerErrors.add(new MeterListError(header.line(), known, "column appears twice"));
            }
        }
        if (columns.isEmpty()) {
            errors.add(new MeterListError(header.line(), null, "not a meter list: the header line must name the columns "
                    + String.join(",", COLUMNS)));
            return null;
        }
        errors.addAll(headerErrors);
        for (String required : REQUIRED) {
            if (!columns.containsKey(required)) {
                errors.add(new MeterListError(header.line(), required, "required column missing"));
            }
        }
        return columns;
    }

    private MeterSettings row(RawRow row, RawRow header, Map<String, Integer> columns, List<MeterListError> errors) {
        int before = errors.size();
        int line = row.line();
        for (var cell : row.cells().entrySet()) {
            if (!columns.containsValue(cell.getKey()) && !cell.getValue().text().isBlank()
                    && header.cells().getOrDefault(cell.getKey(), new CellValue("", false)).text().isBlank()) {
                errors.add(new MeterListError(line, CellReference.convertNumToColString(cell.getKey()),
                        "value in a column without a header name"));
            }
        }
        String name = text(row, columns, POSITION);
        if (columns.containsKey(POSITION)) {
            if (name.isEmpty()) {
                errors.add(new MeterListError(line, POSITION, "empty: every meter needs a name"));
            } else if (name.length() > MeterSettings.MAX_NAME_LENGTH) {
                errors.add(new MeterListError(line, POSITION, "longer than " + MeterSettings.MAX_NAME_LENGTH + " characters"));
            }
        }

        String secondary = null;
        if (columns.containsKey(SECONDARY)) {
            CellValue cell = cell(row, columns, SECONDARY);
            String s = cell.text().strip();
            if (s.isEmpty()) {
                errors.add(new MeterListError(line, SECONDARY, "empty: every meter needs its secondary address"));
            } else {
                if (cell.numeric() && DIGITS.matcher(s).matches()) {
                    s = "0".repeat(8 - s.length()) + s; // Excel dropped the leading zeros of a number cell
                }
                s = s.toUpperCase(Locale.ROOT);
                if (!MeterSettings.isSecondaryId(s)) {
                    errors.add(new MeterListError(line, SECONDARY, "bad secondary address '" + shorten(cell.text().strip())
                            + "': expected 8 digits (0-9, A-F), e.g. 13001651"
                            + (DIGITS.matcher(s).matches() ? "; leading zeros lost? format the column as text" : "")));
                } else {
                    secondary = s;
                }
            }
        }

        Integer baud = null;
        if (columns.containsKey(BAUD)) {
            String b = text(row, columns, BAUD);
            if (b.isEmpty()) {
                errors.add(new MeterListError(line, BAUD, "empty: use 300, 2400 or 9600"));
            } else {
                Integer v = integer(b);
                if (v == null || !MeterSettings.BAUD_RATES.contains(v)) {
                    errors.add(new MeterListError(line, BAUD, "wrong baud rate '" + shorten(b) + "': use 300, 2400 or 9600"));
                } else {
                    baud = v;
                }
            }
        }

        AddressingMode mode = null;
        if (columns.containsKey(MODE)) {
            String m = text(row, columns, MODE);
            if (m.isEmpty()) {
                errors.add(new MeterListError(line, MODE, "empty: use primary, secondary or esecondary"));
            } else {
                try {
                    mode = AddressingMode.parse(m);
                } catch (IllegalArgumentException e) {
                    errors.add(new MeterListError(line, MODE, "unknown addressing mode '" + shorten(m)
                            + "': use primary, secondary or esecondary"));
                }
            }
        }

        Integer primary = null;
        String p = text(row, columns, PRIMARY);
        if (!p.isEmpty()) {
            Integer v = integer(p);
            if (v == null || v > MeterSettings.MAX_PRIMARY_ADDRESS) {
                errors.add(new MeterListError(line, PRIMARY, "primary address '" + shorten(p) + "' must be a whole number 0..250"));
            } else {
                primary = v;
            }
        } else if (mode == AddressingMode.PRIMARY) {
            errors.add(new MeterListError(line, PRIMARY, "missing: required for addressing mode primary (0..250)"));
        }

        String receiver = null;
        String meterPart = null;
        String e = text(row, columns, ENHANCED);
        if (!e.isEmpty()) {
            String hex = e.replaceAll("[\\s:-]", "");
            if (!HEX.matcher(hex).matches() || (hex.length() != 8 && hex.length() != 16)) {
                errors.add(new MeterListError(line, ENHANCED, "bad enhanced address '" + shorten(e)
                        + "': expected the receiver's 8 hex digits, optionally followed by the meter's 8"));
            } else if (mode != null && mode != AddressingMode.ESECONDARY) {
                errors.add(new MeterListError(line, ENHANCED, "an enhanced address only applies to addressing mode esecondary"));
            } else {
                receiver = hex.substring(0, 8);
                meterPart = hex.length() == 16 ? hex.substring(8) : null;
            }
        }

        if (errors.size() > before || mode == null || secondary == null || baud == null || name.isEmpty()) {
            return null;
        }
        try {
            return new MeterSettings(name, mode, primary, secondary, null, null, null, receiver, meterPart, busId, baud,
                    true, true, MeterSettings.DEFAULT_MAX_TELEGRAMS, null, null, null, name);
        } catch (IllegalArgumentException invalid) {
            errors.add(new MeterListError(line, null, invalid.getMessage()));
            return null;
        }
    }

    private static CellValue cell(RawRow row, Map<String, Integer> columns, String column) {
        Integer index = columns.get(column);
        CellValue v = index == null ? null : row.cells().get(index);
        return v == null ? new CellValue("", false) : v;
    }

    private static String text(RawRow row, Map<String, Integer> columns, String column) {
        return cell(row, columns, column).text().strip();
    }

    /** A whole number, also "2400.0" as some spreadsheets write number cells; null when not one. */
    private static Integer integer(String s) {
        String t = s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
        return INTEGER.matcher(t).matches() ? Integer.valueOf(t) : null;
    }

    private static String size(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : bytes + " bytes";
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static MeterList fileError(MeterList.Format format, String reason) {
        return new MeterList(format, List.of(), List.of(new MeterListError(0, null, reason)));
    }
}
