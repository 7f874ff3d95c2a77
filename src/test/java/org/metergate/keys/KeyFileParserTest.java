package org.metergate.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.metergate.sheet.SheetError;
import org.metergate.sheet.SheetFormat;
import org.metergate.wmbus.KeyEntry;

/** SPEC B4 / manual 6.15: the key file in every format, and every kind of error with line, column and reason. */
class KeyFileParserTest {

    /** Figure 8 of the manual, with its first key corrected to 32 digits as SPEC B4 gives it. */
    static final String[][] MANUAL = {
        {"address", "key", "manufacturer", "deviceType", "version"},
        {"-1", "AAAABBBBCCCCDDDDEEEEFFFF11112222", "*", "-1", "-1"},
        {"13360079", "A1B2C3D4E5F6A1B2C3D4E5F678910111", "ELV", "-1", "-1"},
        {"-1", "FFEEDDCCBBAA99887766554433221100", "*", "-1", "-1"},
        {"-1", "AAAA1111BBBB2222CCCC3333DDDD4444", "ACA", "-1", "-1"},
        {"-1", "9999AAAA8888BBBB7777CCCC6666DDDD", "ELV", "-1", "2"},
    };

    private final KeyFileParser parser = new KeyFileParser();

    static byte[] csv(String separator, String[][] rows) {
        StringBuilder b = new StringBuilder();
        for (String[] row : rows) {
            b.append(String.join(separator, row)).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A workbook as Excel writes it: ids, device types and versions as number cells, keys as text. */
    static byte[] workbook(Workbook wb, String[][] rows) throws IOException {
        try (wb) {
            Sheet sheet = wb.createSheet("Keys");
            for (int r = 0; r < rows.length; r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < rows[r].length; c++) {
                    String v = rows[r][c];
                    if (r > 0 && v.matches("-?[0-9]{1,8}")) {
                        row.createCell(c).setCellValue(Double.parseDouble(v));
                    } else {
                        row.createCell(c).setCellValue(v);
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return out.toByteArray();
        }
    }

    private static void assertManual(KeyFile file) {
        assertThat(file.errors()).isEmpty();
        assertThat(file.keys()).extracting(KeyFile.Line::line).containsExactly(2, 3, 4, 5, 6);
        KeyEntry all = file.keys().get(0).entry();
        assertThat(KeyCriteria.of(all)).isEqualTo(new KeyCriteria(null, null, null, null));
        assertThat(all.key()).isEqualTo(HexFormat.of().parseHex("AAAABBBBCCCCDDDDEEEEFFFF11112222"));
        assertThat(KeyCriteria.of(file.keys().get(1).entry())).isEqualTo(new KeyCriteria("13360079", "ELV", null, null));
        assertThat(KeyCriteria.of(file.keys().get(3).entry())).isEqualTo(new KeyCriteria(null, "ACA", null, null));
        assertThat(KeyCriteria.of(file.keys().get(4).entry())).isEqualTo(new KeyCriteria(null, "ELV", null, 2));
        assertThat(file.keys().get(4).entry().key()).isEqualTo(HexFormat.of().parseHex("9999AAAA8888BBBB7777CCCC6666DDDD"));
    }

    @Test
    void manualExampleInEveryFormat() throws IOException {
        KeyFile comma = parser.parse(csv(",", MANUAL));
        assertThat(comma.format()).isEqualTo(SheetFormat.CSV);
        assertManual(comma);
        assertManual(parser.parse(csv(";", MANUAL)));
        KeyFile xls = parser.parse(workbook(new HSSFWorkbook(), MANUAL));
        assertThat(xls.format()).isEqualTo(SheetFormat.XLS);
        assertManual(xls);
        KeyFile xlsx = parser.parse(workbook(new XSSFWorkbook(), MANUAL));
        assertThat(xlsx.format()).isEqualTo(SheetFormat.XLSX);
        assertManual(xlsx);
    }

    @Test
    void theManualsMisprintedKeyIsRejectedWithoutEchoingIt() {
        // Figure 8's first row as printed: the key has 30 digits, not 32.
        KeyFile file = parser.parse(csv(",", new String[][] {MANUAL[0],
            {"-1", "AAAABBBBCCCCDDDEEEFFFFF1112222", "*", "-1", "-1"}}));
        assertThat(file.keys()).isEmpty();
        assertThat(file.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.column()).isEqualTo("Key");
            assertThat(e.reason()).startsWith("must be 32 hex digits, found 30 characters").doesNotContain("BBBBCCCC");
        });
    }

    @Test
    void everyErrorWithLineColumnAndReason() {
        KeyFile file = parser.parse(csv(";", new String[][] {
            {"Address", "Key", "Manufacturer", "DeviceType", "Version"},
            {"1336007X", "AAAABBBBCCCCDDDDEEEEFFFF11112222", "*", "-1", "-1"},      // 2: bad address
            {"-1", "AAAABBBBCCCCDDDDEEEEFFFF1111222G", "*", "-1", "-1"},            // 3: non-hex
            {"-1", "AAAABBBBCCCCDDDDEEEEFFFF11112222", "EL1", "-1", "-1"},          // 4: bad manufacturer code
            {"-1", "AAAABBBBCCCCDDDDEEEEFFFF11112222", "ELVX", "256", "x"},         // 5: three errors
            {"13360079", "A1B2C3D4E5F6A1B2C3D4E5F678910111", "ELV", "-1", "-1"},    // 6: fine
            {"13360079", "a1b2c3d4e5f6a1b2c3d4e5f678910111", "elv", "-1", "-1"},    // 7: duplicate of 6
            {"-1", "AAAABBBBCCCCDDDDEEEEFFFF11112222", "*", "-1", "-1"},            // 8: fine
        }));
        assertThat(file.errors()).extracting(SheetError::line, SheetError::column).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, "Address"),
                org.assertj.core.groups.Tuple.tuple(3, "Key"),
                org.assertj.core.groups.Tuple.tuple(4, "Manufacturer"),
                org.assertj.core.groups.Tuple.tuple(5, "Manufacturer"),
                org.assertj.core.groups.Tuple.tuple(5, "DeviceType"),
                org.assertj.core.groups.Tuple.tuple(5, "Version"),
                org.assertj.core.groups.Tuple.tuple(7, "Key"));
        assertThat(file.errors().get(0).reason()).isEqualTo("must be the meter id (up to 8 digits, 0-9 or A-F) or -1 ('1336007X')");
        assertThat(file.errors().get(1).reason()).startsWith("must be 32 hex digits (0-9, A-F), found 'G' at position 32")
                .doesNotContain("BBBBCCCC");
        assertThat(file.errors().get(2).reason()).isEqualTo("must be 3 letters or * ('EL1')");
        assertThat(file.errors().get(6).reason()).contains("as line 6").doesNotContain("A1B2C3D4");
        assertThat(file.keys()).extracting(KeyFile.Line::line).containsExactly(6, 8);
        assertThat(file.valid()).isFalse();
    }

    @Test
    void headerAndFileErrors() {
        assertThat(parser.parse(new byte[0]).errors()).containsExactly(new SheetError(0, null, "the file is empty"));
        assertThat(parser.parse(csv(",", new String[][] {MANUAL[0]})).errors()).containsExactly(
                new SheetError(0, null, "the key file has no keys: add one line per key below the header"));
        assertThat(parser.parse(csv(",", new String[][] {{"Adress", "Key", "Manufacturer", "DeviceType", "Version"},
            MANUAL[1]})).errors()).containsExactly(
                new SheetError(1, "Adress", "unknown column (the key file has the columns Address, Key, Manufacturer, DeviceType, Version)"),
                new SheetError(1, "Address", "required column missing"));
        assertThat(parser.parse(csv(",", new String[][] {{"Position", "SecondaryAddress"}, {"x", "1"}})).errors())
                .singleElement().satisfies(e -> assertThat(e.reason()).startsWith("not a key file"));
        assertThat(parser.parse(new byte[] {0x25, 0x50, 0x44, 0x46, 0x00, 0x01}).errors()).containsExactly(
                new SheetError(0, null, "not a key file: the file is neither CSV text nor an XLSX or XLS workbook"));
        KeyFileParser small = new KeyFileParser(100_000, 3);
        String[][] many = new String[8][];
        many[0] = MANUAL[0];
        for (int i = 1; i < many.length; i++) {
            many[i] = new String[] {String.valueOf(10000000 + i), "AAAABBBBCCCCDDDDEEEEFFFF11112222", "*", "-1", "-1"};
        }
        assertThat(small.parse(csv(",", many)).errors()).containsExactly(
                new SheetError(5, null, "more than 3 keys in one file; split the key file"));
    }

    @Test
    void columnsInAnyOrderAndAValueWithoutColumnIsAnError() {
        KeyFile file = parser.parse(csv(",", new String[][] {
            {"Key", "Version", "Address", "DeviceType", "Manufacturer"},
            {"9999AAAA8888BBBB7777CCCC6666DDDD", "2", "-1", "-1", "ELV"},
            {"AAAABBBBCCCCDDDDEEEEFFFF11112222", "-1", "-1", "-1", "*", "stray"}}));
        assertThat(file.errors()).containsExactly(new SheetError(3, "F", "value in a column without a header name"));
        assertThat(KeyCriteria.of(file.keys().get(0).entry())).isEqualTo(new KeyCriteria(null, "ELV", null, 2));
    }

    @Test
    void aKeyExcelTurnedIntoANumberGetsAHint() throws IOException {
        byte[] xls;
        try (HSSFWorkbook wb = new HSSFWorkbook()) {
            Sheet sheet = wb.createSheet();
            Row header = sheet.createRow(0);
            for (int c = 0; c < 5; c++) {
                header.createCell(c).setCellValue(MANUAL[0][c]);
            }
            Row row = sheet.createRow(1);
            row.createCell(0).setCellValue(-1);
            row.createCell(1).setCellValue(11112222333344445555666677778888d); // Excel's fate of an all-digit key
            row.createCell(2).setCellValue("*");
            row.createCell(3).setCellValue(-1);
            row.createCell(4).setCellValue(-1);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            xls = out.toByteArray();
        }
        assertThat(parser.parse(xls).errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.column()).isEqualTo("Key");
            assertThat(e.reason()).endsWith("format the column as text");
        });
    }

    @Test
    void quotedCsvFieldsAndLeadingZerosOfAnAddress() {
        KeyFile file = parser.parse(("Address;Key;Manufacturer;DeviceType;Version\n"
                + "\"123456\";\"9999aaaa8888bbbb7777cccc6666dddd\";\"kam\";\"0x07\";\"-1\"\n").getBytes(StandardCharsets.UTF_8));
        assertThat(file.errors()).isEmpty();
        assertThat(KeyCriteria.of(file.keys().get(0).entry())).isEqualTo(new KeyCriteria("00123456", "KAM", 7, null));
        assertThat(List.of(file.keys().get(0).entry().toString())).noneMatch(s -> s.contains("9999AAAA"));
    }
}
