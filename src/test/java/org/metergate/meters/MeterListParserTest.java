package org.metergate.meters;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** SPEC C1: the meter list in every format, and every kind of error with line, column and reason. */
class MeterListParserTest {

    private static final String HEADER = "Position,SecondaryAddress,BaudRate,AddressingMode,PrimaryAddress,EnhancedAddress";
    private final MeterListParser parser = new MeterListParser();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private MeterList csv(String... lines) {
        return parser.parse(utf8(String.join("\r\n", lines) + "\r\n"));
    }

    private static void assertManualExamples(MeterList list) {
        assertThat(list.errors()).isEmpty();
        assertThat(list.meters()).hasSize(2);
        MeterList.Line cafeteria = list.meters().get(0);
        assertThat(cafeteria.line()).isEqualTo(2);
        assertThat(cafeteria.settings().name()).isEqualTo("Cafeteria");
        assertThat(cafeteria.settings().secondaryId()).isEqualTo("13001651");
        assertThat(cafeteria.settings().baud()).isEqualTo(2400);
        assertThat(cafeteria.settings().mode()).isEqualTo(AddressingMode.SECONDARY);
        assertThat(cafeteria.settings().primaryAddress()).isNull();
        MeterList.Line sales = list.meters().get(1);
        assertThat(sales.line()).isEqualTo(3);
        assertThat(sales.settings().name()).isEqualTo("Sales office");
        assertThat(sales.settings().secondaryId()).isEqualTo("14290591");
        assertThat(sales.settings().mode()).isEqualTo(AddressingMode.PRIMARY);
        assertThat(sales.settings().primaryAddress()).isEqualTo(221);
        assertThat(sales.settings().listPosition()).isEqualTo("Sales office");
    }

    // ---- the manual's examples in every format ------------------------------------------------------

    @Test
    void manualExamplesCommaSeparated() {
        MeterList list = csv(HEADER, "Cafeteria,13001651,2400,Secondary,,", "Sales office,14290591,2400,Primary,221,");
        assertThat(list.format()).isEqualTo(MeterList.Format.CSV);
        assertManualExamples(list);
    }

    @Test
    void manualExamplesSemicolonWithBomAnyColumnOrderAnyCase() {
        byte[] body = utf8("PRIMARYADDRESS;addressingmode;Position;SecondaryAddress;baudrate\n"
                + ";Secondary;Cafeteria;13001651;2400\n"
                + "221;Primary;Sales office;14290591;2400\n");
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        assertManualExamples(parser.parse(withBom));
    }

    @Test
    void tabSeparatedAsCopiedFromExcelAndExcelSepLine() {
        assertManualExamples(parser.parse(utf8(HEADER.replace(',', '\t') + "\nCafeteria\t13001651\t2400\tSecondary\t\t\n"
                + "Sales office\t14290591\t2400\tPrimary\t221\t\n")));
        MeterList withSep = parser.parse(utf8("sep=;\n" + HEADER.replace(',', ';') + "\nCafeteria;13001651;2400;Secondary;;\n"
                + "Sales office;14290591;2400;Primary;221;\nX;1;2;3;4;5\n"));
        assertThat(withSep.meters()).hasSize(2);
        // lines count as an editor shows them: the sep line is line 1, the header line 2
        assertThat(withSep.meters().get(0).line()).isEqualTo(3);
        assertThat(withSep.errors()).allSatisfy(e -> assertThat(e.line()).isEqualTo(5));
    }

    @Test
    void windows1252AndUtf16AndQuotedNames() {
        String text = HEADER.replace(',', ';') + "\r\n\"Källare; Hus 1\";61000134;2400;esecondary;;\r\nLägenhet 1;61000361;2400;esecondary;;61000999\r\n";
        MeterList cp1252 = parser.parse(text.getBytes(Charset.forName("windows-1252")));
        assertThat(cp1252.errors()).isEmpty();
        assertThat(cp1252.meters()).extracting(l -> l.settings().name()).containsExactly("Källare; Hus 1", "Lägenhet 1");
        assertThat(cp1252.meters().get(1).settings().enhancedReceiver()).isEqualTo("61000999");

        byte[] utf16 = text.getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[utf16.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(utf16, 0, withBom, 2, utf16.length);
        assertThat(parser.parse(withBom).meters()).extracting(l -> l.settings().name()).containsExactly("Källare; Hus 1", "Lägenhet 1");
        assertThat(parser.parse(text.getBytes(StandardCharsets.UTF_8)).meters()).hasSize(2);
    }

    @Test
    void manualWirelessExampleAndOptionalColumnsMayBeLeftOut() {
        MeterList list = csv("Position,SecondaryAddress,BaudRate,AddressingMode",
                "Cafeteria,61007338,2400,esecondary", "Sales office,63000040,2400,esecondary", "",
                "Reception,74109179,2400,esecondary", ",,,");
        assertThat(list.errors()).isEmpty();
        assertThat(list.meters()).extracting(MeterList.Line::line).containsExactly(2, 3, 5);
        assertThat(list.meters()).allSatisfy(l -> assertThat(l.settings().mode()).isEqualTo(AddressingMode.ESECONDARY));
    }

    @Test
    void xlsxWithNumberCellsAndLostLeadingZeros() throws IOException {
        MeterList list = parser.parse(workbook(new XSSFWorkbook(), true));
        assertThat(list.format()).isEqualTo(MeterList.Format.XLSX);
        assertSpreadsheet(list);
    }

    @Test
    void xlsWithNumberCellsAndLostLeadingZeros() throws IOException {
        MeterList list = parser.parse(workbook(new HSSFWorkbook(), true));
        assertThat(list.format()).isEqualTo(MeterList.Format.XLS);
        assertSpreadsheet(list);
    }

    @Test
    void xlsxAndXlsReportErrorsWithSheetRows() throws IOException {
        for (Workbook wb : List.of(new XSSFWorkbook(), new HSSFWorkbook())) {
            MeterList list = parser.parse(workbook(wb, false));
            assertThat(list.errors()).as(wb.getClass().getSimpleName()).containsExactly(
                    new MeterListError(5, "SecondaryAddress", "bad secondary address '1234567890': expected 8 digits (0-9, A-F), e.g. 13001651"),
                    new MeterListError(5, "BaudRate", "wrong baud rate '1200': use 300, 2400, 9600, 19200 or 38400"));
        }
    }

    /** Rows 1-3 the manual's examples, row 4 empty; with {@code valid} false also a bad row 5. Numbers as number cells. */
    private static byte[] workbook(Workbook wb, boolean valid) throws IOException {
        try (wb) {
            Sheet sheet = wb.createSheet("Meters");
            Row h = sheet.createRow(0);
            String[] header = HEADER.split(",");
            for (int i = 0; i < header.length; i++) {
                h.createCell(i).setCellValue(header[i]);
            }
            Row r1 = sheet.createRow(1);
            r1.createCell(0).setCellValue("Cafeteria");
            r1.createCell(1).setCellValue(13001651);
            r1.createCell(2).setCellValue(2400);
            r1.createCell(3).setCellValue("Secondary");
            Row r2 = sheet.createRow(2);
            r2.createCell(0).setCellValue("Sales office");
            r2.createCell(1).setCellValue(14290591);
            r2.createCell(2).setCellValue(2400);
            r2.createCell(3).setCellValue("Primary");
            r2.createCell(4).setCellValue(221);
            Row r3 = sheet.createRow(3);
            r3.createCell(0).setCellValue("Zeros");
            r3.createCell(1).setCellValue(12345); // typed as 00012345, Excel keeps 12345
            r3.createCell(2).setCellValue("300");
            r3.createCell(3).setCellValue("SECONDARY");
            if (!valid) {
                Row r5 = sheet.createRow(4);
                r5.createCell(0).setCellValue("Bad");
                r5.createCell(1).setCellValue(1234567890);
                r5.createCell(2).setCellValue(1200);
                r5.createCell(3).setCellValue("secondary");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return out.toByteArray();
        }
    }

    private static void assertSpreadsheet(MeterList list) {
        assertThat(list.errors()).isEmpty();
        assertThat(list.meters()).hasSize(3);
        assertThat(list.meters().get(0).settings().secondaryId()).isEqualTo("13001651");
        assertThat(list.meters().get(1).settings().primaryAddress()).isEqualTo(221);
        assertThat(list.meters().get(1).settings().mode()).isEqualTo(AddressingMode.PRIMARY);
        assertThat(list.meters().get(2).settings().secondaryId()).isEqualTo("00012345");
        assertThat(list.meters().get(2).settings().baud()).isEqualTo(300);
        assertThat(list.meters()).extracting(MeterList.Line::line).containsExactly(2, 3, 4);
    }

    // ---- every error kind, all of them collected ----------------------------------------------------

    @Test
    void everyRowErrorIsReportedWithLineColumnAndReason() {
        MeterList list = csv(HEADER,
                "Cafeteria,13001651,2400,Secondary,,",                  // 2 ok
                "Bad secondary,1300165,2400,Secondary,,",               // 3
                "Hex ok,1A2B3C4D,2400,secondary,,",                      // 4 ok
                "Wildcard,FFFFFFFF,2400,secondary,,",                    // 5
                "Mode,13001653,2400,tertiary,,",                         // 6
                "No primary,13001654,2400,Primary,,",                    // 7
                "Primary range,13001655,2400,primary,251,",              // 8
                "Primary text,13001656,2400,primary,abc,",               // 9
                "Dup,13001651,2400,secondary,,",                         // 10 duplicate of line 2
                "P1,13001657,2400,primary,5,",                           // 11 ok
                "P2,13001658,2400,primary,5,",                           // 12 duplicate primary of 11
                "Baud,13001659,1200,secondary,,",                        // 13
                "Enhanced,13001660,2400,esecondary,,XYZ",                // 14
                "Enhanced wrong mode,13001661,2400,secondary,,61000999", // 15
                ",13001662,,,,",                                         // 16 three empty required cells
                "Wireless,13001663,2400,esecondary,,61000999-E61E3C07",  // 17 ok
                "Long," + "x".repeat(9) + ",9600,secondary,,");          // 18
        assertThat(list.errors()).containsExactly(
                new MeterListError(3, "SecondaryAddress", "bad secondary address '1300165': expected 8 digits (0-9, A-F), e.g. 13001651; leading zeros lost? format the column as text"),
                new MeterListError(5, "SecondaryAddress", "bad secondary address 'FFFFFFFF': expected 8 digits (0-9, A-F), e.g. 13001651"),
                new MeterListError(6, "AddressingMode", "unknown addressing mode 'tertiary': use primary, secondary or esecondary"),
                new MeterListError(7, "PrimaryAddress", "missing: required for addressing mode primary (0..250)"),
                new MeterListError(8, "PrimaryAddress", "primary address '251' must be a whole number 0..250"),
                new MeterListError(9, "PrimaryAddress", "primary address 'abc' must be a whole number 0..250"),
                new MeterListError(10, "SecondaryAddress", "duplicate meter: secondary address 13001651 is already on line 2"),
                new MeterListError(12, "PrimaryAddress", "duplicate primary address 5 on bus default: already used on line 11"),
                new MeterListError(13, "BaudRate", "wrong baud rate '1200': use 300, 2400, 9600, 19200 or 38400"),
                new MeterListError(14, "EnhancedAddress", "bad enhanced address 'XYZ': expected the receiver's 8 hex digits, optionally followed by the meter's 8"),
                new MeterListError(15, "EnhancedAddress", "an enhanced address only applies to addressing mode esecondary"),
                new MeterListError(16, "Position", "empty: every meter needs a name"),
                new MeterListError(16, "BaudRate", "empty: use 300, 2400, 9600, 19200 or 38400"),
                new MeterListError(16, "AddressingMode", "empty: use primary, secondary or esecondary"),
                new MeterListError(18, "SecondaryAddress", "bad secondary address 'xxxxxxxxx': expected 8 digits (0-9, A-F), e.g. 13001651"));
        assertThat(list.meters()).extracting(MeterList.Line::line).containsExactly(2, 4, 11, 17);
        assertThat(list.meters().get(3).settings().enhancedMeter()).isEqualTo("E61E3C07");
        assertThat(list.meters().get(1).settings().secondaryId()).isEqualTo("1A2B3C4D");
    }

    @Test
    void headerErrors() {
        MeterList list = csv("Position,SecondaryAddress,PrimaryAdress,AddressingMode,Position,",
                "A,13001651,5,secondary,A,", "B,13001652,,secondary,,stray");
        assertThat(list.errors()).containsExactly(
                new MeterListError(1, "PrimaryAdress", "unknown column (the meter list has the columns Position, SecondaryAddress, BaudRate, AddressingMode, PrimaryAddress, EnhancedAddress,"
                        + " Bus, Manufacturer, Version, Medium, Active, MultiTelegram, MaxTelegrams, ResponseTimeoutMs, Retries, PauseMs, ListPosition)"),
                new MeterListError(1, "Position", "column appears twice"),
                new MeterListError(1, "BaudRate", "required column missing"),
                new MeterListError(3, "F", "value in a column without a header name"));
    }

    @Test
    void fileErrors() {
        assertThat(parser.parse(new byte[0]).errors()).containsExactly(new MeterListError(0, null, "the file is empty"));
        assertThat(parser.parse(utf8("\r\n\r\n")).errors()).singleElement()
                .satisfies(e -> assertThat(e.reason()).startsWith("the file is empty"));
        assertThat(parser.parse(utf8(HEADER + "\r\n")).errors()).containsExactly(
                new MeterListError(0, null, "the list has no meters: add one line per meter below the header"));
        assertThat(parser.parse(new byte[] {0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02}).errors()).containsExactly(
                new MeterListError(0, null, "not a meter list: the file is neither CSV text nor an XLSX or XLS workbook"));
        assertThat(csv(HEADER, "\"Unclosed,13001651,2400,secondary,,").errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isZero();
            assertThat(e.reason()).startsWith("cannot read the file as CSV").contains("line 2");
        });
        assertThat(parser.parse(utf8("{\"meters\": []}\n")).errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.reason()).startsWith("not a meter list");
        });
    }

    @Test
    void tooLargeAndTooManyRowsAreRefusedBounded() {
        MeterListParser small = new MeterListParser(1000, 5, MeterSettings.DEFAULT_BUS, KnownBuses.NONE);
        assertThat(small.parse(new byte[1001]).errors()).containsExactly(
                new MeterListError(0, null, "the file is larger than 1000 bytes; split the meter list"));
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < 20; i++) {
            b.append("M").append(i).append(',').append(10000000 + i).append(",2400,secondary,,\n");
        }
        MeterList list = small.parse(utf8(b.toString()));
        assertThat(list.errors()).containsExactly(new MeterListError(7, null, "more than 5 meters in one list; split the meter list"));
        assertThat(new MeterListParser().parse(new byte[(int) MeterListParser.DEFAULT_MAX_BYTES + 1]).errors())
                .singleElement().satisfies(e -> assertThat(e.reason()).contains("larger than 5 MB"));
    }

    @Test
    void garbageWorkbooksGiveAnErrorNotAnException() throws IOException {
        byte[] zipGarbage = {'P', 'K', 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertThat(parser.parse(zipGarbage).errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isZero();
            assertThat(e.reason()).startsWith("cannot read the file as XLSX");
        });
        byte[] oleGarbage = new byte[600];
        byte[] magic = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
        System.arraycopy(magic, 0, oleGarbage, 0, magic.length);
        assertThat(parser.parse(oleGarbage).errors()).singleElement()
                .satisfies(e -> assertThat(e.reason()).startsWith("cannot read the file as XLS"));
        // a zip that is not a workbook
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("hello.txt"));
            z.write(utf8("hello"));
        }
        assertThat(parser.parse(zip.toByteArray()).errors()).singleElement()
                .satisfies(e -> assertThat(e.reason()).startsWith("cannot read the file as XLSX"));
    }

    @Test
    void zipBombIsRefused() throws IOException {
        // a real workbook whose sheet part inflates to 200 MB of blanks: a few hundred kB on the wire
        byte[] good = workbook(new XSSFWorkbook(), true);
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(good));
             ZipOutputStream out = new ZipOutputStream(bomb)) {
            out.setLevel(9);
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] data = in.readAllBytes();
                out.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals("xl/worksheets/sheet1.xml")) {
                    String xml = new String(data, StandardCharsets.UTF_8);
                    int at = xml.indexOf("<sheetData>");
                    out.write(xml.substring(0, at).getBytes(StandardCharsets.UTF_8));
                    byte[] blanks = new byte[1 << 20];
                    java.util.Arrays.fill(blanks, (byte) ' ');
                    for (int i = 0; i < 200; i++) {
                        out.write(blanks);
                    }
                    out.write(xml.substring(at).getBytes(StandardCharsets.UTF_8));
                } else {
                    out.write(data);
                }
            }
        }
        assertThat(bomb.size()).isLessThan((int) MeterListParser.DEFAULT_MAX_BYTES);
        assertThat(parser.parse(bomb.toByteArray()).errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isZero();
            assertThat(e.reason()).startsWith("cannot read the file as XLSX");
        });
    }

    @Test
    void addressingModeParsesCaseInsensitively() {
        assertThat(AddressingMode.parse(" Primary ")).isEqualTo(AddressingMode.PRIMARY);
        assertThat(AddressingMode.parse("SECONDARY")).isEqualTo(AddressingMode.SECONDARY);
        assertThat(AddressingMode.parse("eSecondary")).isEqualTo(AddressingMode.ESECONDARY);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AddressingMode.parse("wireless"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void templateParsesAsAnEmptyListAndWithExamples() {
        assertThat(MeterListTemplate.csv(false)).isEqualTo(HEADER + "\r\n");
        MeterList examples = parser.parse(utf8(MeterListTemplate.csv(true)));
        assertThat(examples.errors()).isEmpty();
        assertThat(examples.meters()).hasSize(3);
    }

    // ---- the optional columns: bus and the rest of a meter's settings --------------------------------

    private final MeterListParser twoBuses = new MeterListParser(MeterListParser.DEFAULT_MAX_BYTES, 100, "master",
            KnownBuses.of("tcp1", "rx1", "rx2"));

    @Test
    void busColumnInAnyPositionEmptyCellIsTheCallersBus() {
        byte[] list = utf8("Bus;Position;SecondaryAddress;BaudRate;AddressingMode;PrimaryAddress\r\n"
                + "tcp1;A;13001651;2400;secondary;\r\n"
                + ";B;13001652;2400;primary;5\r\n"
                + "  tcp1 ;C;13001653;2400;primary;5\r\n"       // the same primary address on another bus: fine
                + "rx2;D;61007338;2400;esecondary;\r\n");
        MeterList parsed = twoBuses.parse(list);
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.meters()).extracting(l -> l.settings().busId()).containsExactly("tcp1", "master", "tcp1", "rx2");
        // the caller names the bus of lines without one (POST /api/meters/import?bus=)
        assertThat(twoBuses.parse(list, "rx1").meters()).extracting(l -> l.settings().busId())
                .containsExactly("tcp1", "rx1", "tcp1", "rx2");
        // the manual's lists, without the column, land on the caller's bus as they always did
        assertThat(twoBuses.parse(utf8(MeterListTemplate.csv(true))).meters())
                .allSatisfy(l -> assertThat(l.settings().busId()).isEqualTo("master"));
        assertThat(twoBuses.knownBuses()).containsExactly("master", "rx1", "rx2", "tcp1");
    }

    @Test
    void unknownBusIsALineErrorNamingTheKnownBusesAndDuplicatesArePerBus() {
        MeterList parsed = twoBuses.parse(utf8(HEADER + ",Bus\r\n"
                + "A,13001651,2400,primary,5,,tcp1\r\n"
                + "B,13001652,2400,primary,5,,tcp2\r\n"
                + "C,13001653,2400,primary,5,,TCP1\r\n"
                + "D,13001654,2400,primary,5,,tcp1\r\n"
                + "E,13001655,2400,primary,5,,\r\n"));
        assertThat(parsed.errors()).containsExactly(
                new MeterListError(3, "Bus", "unknown bus 'tcp2': the configured buses are master, rx1, rx2, tcp1"),
                new MeterListError(4, "Bus", "unknown bus 'TCP1': the configured buses are master, rx1, rx2, tcp1"),
                new MeterListError(5, "PrimaryAddress", "duplicate primary address 5 on bus tcp1: already used on line 2"));
        assertThat(parsed.meters()).extracting(MeterList.Line::line).containsExactly(2, 6);
        // a parser that knows no other bus takes only its own
        assertThat(parser.parse(utf8(HEADER + ",Bus\r\nA,13001651,2400,secondary,,,tcp1\r\n")).errors())
                .containsExactly(new MeterListError(2, "Bus", "unknown bus 'tcp1': the configured buses are default"));
    }

    @Test
    void everySettingHasAnOptionalColumn() {
        String header = String.join(",", MeterListParser.COLUMNS);
        MeterList parsed = twoBuses.parse(utf8(header + "\r\n"
                + "Heat 1,1A2B3C4D,9600,secondary,,,tcp1,elv,7,4,false,FALSE,3,250,2,80,Old name\r\n"
                + "Wireless,61007338,2400,esecondary,,,rx1,KAM,27,7,TRUE,true,,,,,\r\n"
                + "Defaults,13001651,2400,secondary,,,,,,,,,,,,,\r\n"));
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.meters().get(0).settings()).isEqualTo(new MeterSettings("Heat 1", AddressingMode.SECONDARY, null,
                "1A2B3C4D", "ELV", 7, 4, null, null, "tcp1", 9600, false, false, 3, 250, 2, 80, "Old name"));
        assertThat(parsed.meters().get(1).settings()).isEqualTo(new MeterSettings("Wireless", AddressingMode.ESECONDARY, null,
                "61007338", "KAM", 27, 7, null, null, "rx1", 2400, true, true, MeterSettings.DEFAULT_MAX_TELEGRAMS, null, null,
                null, null));
        // empty cells mean what a list without the columns means, except ListPosition: none
        assertThat(parsed.meters().get(2).settings()).isEqualTo(new MeterSettings("Defaults", AddressingMode.SECONDARY, null,
                "13001651", null, null, null, null, null, "master", 2400, true, true, MeterSettings.DEFAULT_MAX_TELEGRAMS, null,
                null, null, null));
        // without the ListPosition column the Position is the list position, as always
        assertThat(csv(HEADER, "Cafeteria,13001651,2400,Secondary,,").meters().get(0).settings().listPosition())
                .isEqualTo("Cafeteria");
    }

    @Test
    void maxTelegramsZeroIsAutoAndIsReadAsSuchWithTheMetersBaud() {
        String header = String.join(",", MeterListParser.COLUMNS);
        MeterList parsed = twoBuses.parse(utf8(header + "\r\n"
                + "A,13001651,300,secondary,,,tcp1,,,,,true,0,,,,\r\nB,13001652,9600,secondary,,,tcp1,,,,,true,200,,,,\r\n"));
        assertThat(parsed.errors()).isEmpty();
        MeterSettings auto = parsed.meters().get(0).settings();
        assertThat(auto.maxTelegrams()).isZero();
        var request = MeterRegistry.readoutRequest(new Meter(1, auto, null, null, null));
        assertThat(request.multi()).isEqualTo(org.metergate.bus.MultiTelegram.AUTO);
        assertThat(request.baud()).isEqualTo(300);
        var many = MeterRegistry.readoutRequest(new Meter(2, parsed.meters().get(1).settings(), null, null, null));
        assertThat(many.multi().limit()).as("no silent cap of a configured limit").isEqualTo(200);
        assertThat(many.baud()).isEqualTo(9600);
    }

    @Test
    void badOptionalCellsAreErrorsNamingTheirColumn() {
        String header = String.join(",", MeterListParser.COLUMNS);
        MeterList parsed = twoBuses.parse(utf8(header + "\r\n"
                + "A,13001651,2400,secondary,,,tcp1,GW1,256,-1,yes,0,256,5,11,60001," + "p".repeat(201) + "\r\n"));
        assertThat(parsed.errors()).containsExactly(
                new MeterListError(2, "Manufacturer", "manufacturer 'GW1' must be the three-letter flag, e.g. GWF"),
                new MeterListError(2, "Version", "'256' must be a whole number 0..255 or empty"),
                new MeterListError(2, "Medium", "'-1' must be a whole number 0..255 or empty"),
                new MeterListError(2, "Active", "'yes': use true or false (empty: true)"),
                new MeterListError(2, "MultiTelegram", "'0': use true or false (empty: true)"),
                new MeterListError(2, "MaxTelegrams", "'256' must be a whole number 0..255 (empty: 8)"),
                new MeterListError(2, "ResponseTimeoutMs", "'5' must be a whole number 10..60000 or empty"),
                new MeterListError(2, "Retries", "'11' must be a whole number 0..10 or empty"),
                new MeterListError(2, "PauseMs", "'60001' must be a whole number 0..60000 or empty"),
                new MeterListError(2, "ListPosition", "longer than 200 characters"));
        assertThat(parsed.meters()).isEmpty();
    }

    @Test
    void primaryMeterWithoutSecondaryAddressAndWirelessMetersSharingAnId() {
        MeterList parsed = twoBuses.parse(utf8(HEADER + ",Bus,Manufacturer\r\n"
                + "Scanned,,2400,primary,7,,tcp1,\r\n"
                + "No id,,2400,secondary,,,tcp1,\r\n"
                + "Kamstrup,61007338,2400,esecondary,,,rx1,KAM\r\n"
                + "Techem,61007338,2400,esecondary,,,rx1,TCH\r\n"
                + "Again,61007338,2400,esecondary,,,rx2,KAM\r\n"
                + "Unknown,61007338,2400,esecondary,,,rx2,\r\n"));
        assertThat(parsed.errors()).containsExactly(
                new MeterListError(3, "SecondaryAddress",
                        "empty: every meter needs its secondary address (only primary addressing may go without)"),
                new MeterListError(6, "SecondaryAddress", "duplicate meter: secondary address 61007338 is already on line 4"),
                new MeterListError(7, "SecondaryAddress", "duplicate meter: secondary address 61007338 is already on line 4"));
        assertThat(parsed.meters()).extracting(MeterList.Line::line).containsExactly(2, 4, 5);
        assertThat(parsed.meters().get(0).settings().secondaryId()).isNull();
    }
}
