package org.metergate.sheet;

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
import java.util.List;
import java.util.Map;
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
 * Reads the rows of a list file (meter list, key file) from CSV, XLSX or Excel 97-2003 XLS.
 * <ul>
 * <li>The file type is recognised by its content, not its name or content type: XLSX (a zip), XLS (an OLE2
 * compound file), otherwise text CSV. CSV may be UTF-8 with or without BOM, UTF-16 with BOM, or
 * Windows-1252 (what Excel writes as "CSV (semicolon/comma delimited)"); the separator is the one of
 * {@code ;}, {@code ,} or tab that occurs most in the first line. Excel's {@code sep=;} first line is honoured.
 * Spreadsheets: the first sheet is read.</li>
 * <li>Blank rows are skipped; every row keeps the line number a user sees (sheet row, CSV record).</li>
 * <li>Bounded: at most {@code maxBytes} of input and {@code maxRows} rows after the header (reading stops at
 * the first one too many, {@link Sheet#truncated()}); XLSX parts are read streaming with POI's zip-bomb
 * guard and a cap on the inflated size.</li>
 * </ul>
 */
public final class SheetReader {

    /** Largest inflated part of an XLSX (a 10,000-row sheet is about 4 MB of XML). */
    static final long MAX_XLSX_ENTRY_BYTES = 32L * 1024 * 1024;

    static {
        if (ZipSecureFile.getMaxEntrySize() > MAX_XLSX_ENTRY_BYTES) {
            ZipSecureFile.setMaxEntrySize(MAX_XLSX_ENTRY_BYTES);
        }
    }

    private final String what;
    private final long maxBytes;
    private final int maxRows;

    /** @param what the kind of list in messages ("meter list", "key file") */
    public SheetReader(String what, long maxBytes, int maxRows) {
        this.what = what;
        this.maxBytes = maxBytes;
        this.maxRows = maxRows;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Reads at most maxBytes + 1 bytes of a stream: a longer stream is then refused by {@link #read(byte[])}. */
    public byte[] readBounded(InputStream in) throws IOException {
        return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    }

    /** The non-blank rows; a file that cannot be read at all is a {@link SheetReadException} saying why. */
    public Sheet read(byte[] content) throws SheetReadException {
        if (content == null || content.length == 0) {
            throw new SheetReadException(SheetFormat.UNKNOWN, "the file is empty");
        }
        if (content.length > maxBytes) {
            throw new SheetReadException(SheetFormat.UNKNOWN, "the file is larger than " + size(maxBytes) + "; split the " + what);
        }
        SheetFormat format = detect(content);
        Rows rows = new Rows();
        try {
            switch (format) {
                case XLSX -> readXlsx(content, rows);
                case XLS -> readXls(content, rows);
                default -> {
                    String text = decode(content);
                    if (text == null) {
                        throw new SheetReadException(SheetFormat.UNKNOWN,
                                "not a " + what + ": the file is neither CSV text nor an XLSX or XLS workbook");
                    }
                    readCsv(text, rows);
                }
            }
        } catch (RowsFull full) {
            // enough read: the caller reports the row limit
        } catch (SheetReadException e) {
            throw e;
        } catch (Exception e) {
            // POI and commons-csv signal broken input with all sorts of exceptions (IOException,
            // IllegalStateException, RecordFormatException, NotOfficeXmlFileException …): all mean "cannot read".
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new SheetReadException(format, "cannot read the file as " + format.name() + ": " + shorten(why));
        }
        return new Sheet(format, rows.rows, rows.truncated);
    }

    /** Rows as read, bounded: stops (RowsFull) once the header and maxRows + 1 non-empty rows are in. */
    private final class Rows {
        final List<SheetRow> rows = new ArrayList<>();
        boolean truncated;

        void add(SheetRow row) {
            if (row.blank()) {
                return;
            }
            rows.add(row);
            if (rows.size() > maxRows + 1) {
                truncated = true;
                throw new RowsFull();
            }
        }
    }

    private static final class RowsFull extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RowsFull() {
            super(null, null, false, false);
        }
    }

    static SheetFormat detect(byte[] b) {
        if (b.length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) {
            return SheetFormat.XLSX;
        }
        if (b.length >= 8 && (b[0] & 0xFF) == 0xD0 && (b[1] & 0xFF) == 0xCF && (b[2] & 0xFF) == 0x11 && (b[3] & 0xFF) == 0xE0
                && (b[4] & 0xFF) == 0xA1 && (b[5] & 0xFF) == 0xB1 && (b[6] & 0xFF) == 0x1A && (b[7] & 0xFF) == 0xE1) {
            return SheetFormat.XLS;
        }
        return SheetFormat.CSV;
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

    private static void readCsv(String text, Rows rows) throws IOException {
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
                Map<Integer, SheetCell> cells = new HashMap<>();
                for (int i = 0; i < record.size(); i++) {
                    cells.put(i, new SheetCell(record.get(i), false));
                }
                rows.add(new SheetRow((int) record.getRecordNumber() + skippedLines, cells));
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

    private static void readXlsx(byte[] content, Rows rows) throws Exception {
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
                Map<Integer, SheetCell> cells;
                int nextColumn;

                @Override
                public void startRow(int rowNum) {
                    cells = new HashMap<>();
                    nextColumn = 0;
                }

                @Override
                public void endRow(int rowNum) {
                    rows.add(new SheetRow(rowNum + 1, cells));
                }

                @Override
                public void cell(String cellReference, String formattedValue, XSSFComment comment) {
                    int column = cellReference == null ? nextColumn : new CellReference(cellReference).getCol();
                    nextColumn = column + 1;
                    cells.put(column, new SheetCell(formattedValue, formatter.numeric));
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

    private static void readXls(byte[] content, Rows rows) throws Exception {
        try (HSSFWorkbook workbook = new HSSFWorkbook(new ByteArrayInputStream(content))) {
            if (workbook.getNumberOfSheets() == 0) {
                throw new IOException("the workbook has no sheet");
            }
            org.apache.poi.ss.usermodel.Sheet sheet = workbook.getSheetAt(0);
            DataFormatter formatter = new DataFormatter();
            for (Row row : sheet) {
                Map<Integer, SheetCell> cells = new HashMap<>();
                for (Cell cell : row) {
                    cells.put(cell.getColumnIndex(), xlsCell(cell, formatter));
                }
                rows.add(new SheetRow(row.getRowNum() + 1, cells));
            }
        }
    }

    private static SheetCell xlsCell(Cell cell, DataFormatter formatter) {
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        return switch (type) {
            case NUMERIC -> new SheetCell(formatter.formatRawCellContents(cell.getNumericCellValue(),
                    cell.getCellStyle().getDataFormat(), cell.getCellStyle().getDataFormatString()), true);
            case STRING -> new SheetCell(cell.getStringCellValue(), false);
            case BOOLEAN -> new SheetCell(String.valueOf(cell.getBooleanCellValue()), false);
            case ERROR -> new SheetCell("#ERROR", false);
            default -> SheetCell.EMPTY;
        };
    }

    static String size(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : bytes + " bytes";
    }

    /** Cuts a cell value or message for an error text. */
    public static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
