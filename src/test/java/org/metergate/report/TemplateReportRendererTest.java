package org.metergate.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.GatewayIdentity;
import org.metergate.admin.LogLevel;
import org.metergate.admin.SystemLogRepository;
import org.metergate.config.ConfigException;
import org.metergate.config.GatewayConfig;
import org.metergate.meters.AddressingMode;
import org.metergate.meters.MeterRepository;
import org.metergate.meters.MeterSettings;
import org.metergate.meters.MeterStatus;
import org.metergate.store.Database;
import org.metergate.store.ReadoutRepository;
import org.metergate.store.SeriesKey;
import org.metergate.store.StoredReadout;
import org.metergate.store.ValueRow;
import org.metergate.store.ValueScan;
import org.metergate.testing.TestDatabases;

/**
 * The shipped templates rendered from a real Derby store, byte for byte: value reports as CSV, XLSX
 * and JSON, the installation, event, log and status reports, template resolution, conventions, value
 * intervals and clear errors for bad templates.
 */
class TemplateReportRendererTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z"); // 11:00 in Stockholm
    private static final Instant CREATED = Instant.parse("2026-11-25T12:00:00Z");
    private static final ReportPeriod PERIOD = new ReportPeriod(T0, T0.plus(Duration.ofHours(1)));
    /** 68 L L 68 | C A CI id(4) man(2) ver med acc st sig(2) | DIF VIF data(4) | CS 16 */
    private static final byte[] FRAME = HexFormat.of().parseHex("681515680801721234567877740107010000000c0678563412" + "0016");

    @TempDir
    Path dir;
    Path out;
    Database db;
    MeterRepository meters;
    ReadoutRepository values;
    SystemLogRepository log;
    long heatId;
    long waterId;

    private final SeriesKey energy = SeriesKey.current("Energy", "kWh");
    private final SeriesKey volume = SeriesKey.current("Volume", "m^3");
    private final SeriesKey maxPower = new SeriesKey("Power", "W", "maximum", 0, 0, 0, "");
    private final SeriesKey energyT1 = new SeriesKey("Energy", "kWh", "instantaneous", 1, 1, 0, "");
    private final SeriesKey fabrication = SeriesKey.current("Fabrication number", "");

    @BeforeEach
    void setUp() {
        out = dir.resolve("out");
        db = TestDatabases.derby(dir);
        meters = new MeterRepository(db);
        values = new ReadoutRepository(db);
        log = new SystemLogRepository(db);
        heatId = meters.insert(new MeterSettings("Källare; hus 1", AddressingMode.SECONDARY, null, "12345678", "GWF", 1, 4,
                null, null, "bus1", 2400, true, false, 1, null, null, null, null), T0.minus(Duration.ofDays(1))).id();
        waterId = meters.insert(new MeterSettings("Tvättstuga", AddressingMode.PRIMARY, 5, "87654321", "ELV", 2, 7,
                null, null, "bus1", 2400, false, false, 1, null, null, null, null), T0.minus(Duration.ofDays(1))).id();
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private TemplateReportRenderer renderer(Path templates, Map<String, String> settings) {
        Map<String, String> s = new LinkedHashMap<>(Map.of("metergate.report.time-zone", "Europe/Stockholm"));
        s.putAll(settings);
        GatewayConfig config = GatewayConfig.of(s);
        return new TemplateReportRenderer(new TemplateCatalog(templates), ReportConventions.from(config),
                ReportIdentity.from(config, new GatewayIdentity("1A2B3C4D", "gw.local", Path.of("data"),
                        CREATED, config.get("metergate.report.product-name", ""))), new ValueScan(db), meters::all, log::open);
    }

    private TemplateReportRenderer renderer() {
        return renderer(Path.of("templates"), Map.of());
    }

    private static RenderRequest request(int template, ReportPeriod period, ValueInterval interval) {
        return new RenderRequest(template, 1, period, interval, CREATED, Map.of());
    }

    private static String text(ReportFile f, Charset cs) throws Exception {
        return new String(Files.readAllBytes(f.path()), cs);
    }

    /** Two readouts of the heat meter in the period (one before, one after), one of the water meter, one failed. */
    private void storeValues() {
        values.store(new StoredReadout(heatId, T0.minusSeconds(1), "ok", null, 0, 1, 10, List.of(FRAME),
                List.of(ValueRow.number(energy, 1, 0))));
        values.store(new StoredReadout(heatId, T0, "ok", null, 0, 1, 10, List.of(FRAME), List.of(
                ValueRow.number(energy, new BigDecimal("12345.670")),
                ValueRow.number(maxPower, new BigDecimal("3.5E+4")),
                ValueRow.number(energyT1, new BigDecimal("-0.001")),
                ValueRow.text(fabrication, "AB;12"))));
        values.store(new StoredReadout(heatId, T0.plus(Duration.ofMinutes(15)), "ok", null, 0, 2, 10, List.of(FRAME), List.of(
                ValueRow.number(energy, new BigDecimal("12345.678")))));
        values.store(new StoredReadout(waterId, T0.plus(Duration.ofMinutes(5)), "ok", null, 0, 1, 10, List.of(FRAME, FRAME), List.of(
                ValueRow.number(volume, new BigDecimal("12345678901234567.891")))));
        values.store(new StoredReadout(waterId, T0.plus(Duration.ofMinutes(20)), "no_answer", "no answer", null, null, 10,
                List.of(), List.of()));
        values.store(new StoredReadout(heatId, T0.plus(Duration.ofHours(1)), "ok", null, 0, 1, 10, List.of(FRAME),
                List.of(ValueRow.number(energy, 2, 0))));
    }

    @Test
    void valueReportCsvHasEveryValueOfThePeriodExactlyInTheSiteConventions() throws Exception {
        storeValues();
        ReportFile f = renderer().render(request(2101, PERIOD, ValueInterval.ALL), out);

        assertThat(f.fileName()).isEqualTo("metergate.1A2B3C4D_valuereport_20261125130000_1.csv");
        assertThat(f.path()).isEqualTo(out.resolve(f.fileName()));
        assertThat(f.mediaType()).isEqualTo("text/csv; charset=windows-1252");
        assertThat(text(f, Charset.forName("windows-1252"))).isEqualTo("""
                Meter ID;Manufacturer;Medium;MOID;Timestamp;Quantity;Unit;Storage;Tariff;Value
                12345678;GWF;Heat: Outlet;"Källare; hus 1";2026-11-25 11:00:00;Energy;kWh;0;0;12345,670
                12345678;GWF;Heat: Outlet;"Källare; hus 1";2026-11-25 11:00:00;Power (maximum);W;0;0;35000
                12345678;GWF;Heat: Outlet;"Källare; hus 1";2026-11-25 11:00:00;Energy;kWh;1;1;-0,001
                12345678;GWF;Heat: Outlet;"Källare; hus 1";2026-11-25 11:00:00;Fabrication number;;0;0;"AB;12"
                12345678;GWF;Heat: Outlet;"Källare; hus 1";2026-11-25 11:15:00;Energy;kWh;0;0;12345,678
                87654321;ELV;Water;Tvättstuga;2026-11-25 11:05:00;Volume;m^3;0;0;12345678901234567,891
                """);
        assertThat(Files.readAllBytes(f.path())).contains((byte) 0xE4); // ä in windows-1252, one byte
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).containsExactly(f.path()); // no temporary file left
        }
    }

    @Test
    void theLanguageSettingPicksTheHeaderTextsByteForByte() throws Exception {
        storeValues();
        String rows = """
                12345678;GWF;Heat: Outlet;"Källare; hus 1";2026-11-25 11:00:00;Energy;kWh;0;0;12345,670
                12345678;GWF;Heat: Outlet;"Källare; hus 1";2026-11-25 11:00:00;Power (maximum);W;0;0;35000
                12345678;GWF;Heat: Outlet;"Källare; hus 1";2026-11-25 11:00:00;Energy;kWh;1;1;-0,001
                12345678;GWF;Heat: Outlet;"Källare; hus 1";2026-11-25 11:00:00;Fabrication number;;0;0;"AB;12"
                12345678;GWF;Heat: Outlet;"Källare; hus 1";2026-11-25 11:15:00;Energy;kWh;0;0;12345,678
                87654321;ELV;Water;Tvättstuga;2026-11-25 11:05:00;Volume;m^3;0;0;12345678901234567,891
                """;
        Charset cp1252 = Charset.forName("windows-1252");
        ReportFile en = renderer(Path.of("templates"), Map.of("metergate.report.language", "en"))
                .render(request(2101, PERIOD, ValueInterval.ALL), out.resolve("en"));
        assertThat(Files.readAllBytes(en.path())).isEqualTo(
                ("Meter ID;Manufacturer;Medium;MOID;Timestamp;Quantity;Unit;Storage;Tariff;Value\n" + rows).getBytes(cp1252));
        ReportFile sv = renderer(Path.of("templates"), Map.of("metergate.report.language", "sv"))
                .render(request(2101, PERIOD, ValueInterval.ALL), out.resolve("sv"));
        byte[] expected = ("Sekundäradress;Tillverkare;Medium;MOID;Tidsstämpel;Storhet;Enhet;Lagringsnummer;Tariff;Värde\n" + rows)
                .getBytes(cp1252);
        assertThat(Files.readAllBytes(sv.path())).isEqualTo(expected);
        assertThat(expected[6]).isEqualTo((byte) 0xE4); // "ä" of Sekundäradress: one windows-1252 byte
        // sv-SE is Swedish too; the other shipped templates follow
        TemplateReportRenderer svSe = renderer(Path.of("templates"), Map.of("metergate.report.language", "sv-SE"));
        assertThat(text(svSe.render(request(2007, PERIOD, ValueInterval.ALL), out.resolve("s")), cp1252)).startsWith(
                "Sekundäradress;Tillverkare;Medium;MOID;Aktiv;Status;Senaste avläsning;Statusbyte;Meddelande\n");
        assertThat(text(svSe.render(request(2006, PERIOD, ValueInterval.ALL), out.resolve("l")), cp1252)).startsWith(
                "Skapad;Typ;Källa;Meddelande\n");
        ReportFile xlsx = svSe.render(request(2112, PERIOD, ValueInterval.ALL), out.resolve("x"));
        try (InputStream in = Files.newInputStream(xlsx.path()); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            assertThat(wb.getSheetName(0)).isEqualTo("Värden");
            assertThat(wb.getSheetName(1)).isEqualTo("Rapport");
            assertThat(wb.getSheetAt(0).getRow(0).getCell(9).getStringCellValue()).isEqualTo("Värde");
            assertThat(wb.getSheetAt(1).getRow(3).getCell(0).getStringCellValue()).isEqualTo("Rapportmall");
        }
    }

    @Test
    void anUnknownLanguageIsAConfigurationErrorNamingTheKeyAndTheLanguages() {
        assertThatThrownBy(() -> ReportConventions.from(GatewayConfig.of(Map.of("metergate.report.language", "de"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("setting metergate.report.language: no report texts in language 'de' (there are: en, sv)");
        assertThatThrownBy(() -> ReportConventions.from(GatewayConfig.of(Map.of("metergate.report.language", "swedish"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'swedish' (there are: en, sv)");
    }

    @Test
    void everyLanguageHasTheSameTextsAndEveryShippedTemplateUsesOnlyThose() throws Exception {
        Map<String, String> en = ReportTexts.of(java.util.Locale.ENGLISH);
        assertThat(en).isNotEmpty();
        for (String language : ReportTexts.LANGUAGES) {
            Map<String, String> texts = ReportTexts.of(java.util.Locale.forLanguageTag(language));
            assertThat(texts.keySet()).as(language).isEqualTo(en.keySet());
            assertThat(texts.values()).as(language).noneMatch(String::isBlank);
        }
        java.util.regex.Pattern use = java.util.regex.Pattern.compile("text\\.([A-Za-z]+)");
        try (Stream<Path> files = Files.list(Path.of("templates"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".ftl")).toList()) {
                java.util.regex.Matcher m = use.matcher(Files.readString(f));
                while (m.find()) {
                    assertThat(en).as(f + " uses text." + m.group(1)).containsKey(m.group(1));
                }
            }
        }
    }

    @Test
    void installationWorkbookHasFourSheetsFromTheRegistryAndTheStore() throws Exception {
        storeValues();
        // the water meter's latest readout failed: its values are those of 11:05, its status the failure
        meters.updateStatus(waterId, new MeterStatus("no_answer", "no answer", T0.plus(Duration.ofMinutes(20))));
        Map<String, String> cfg = Map.of("metergate.report.time-zone", "Europe/Stockholm", "metergate.report.contact.company", "Acme");
        GatewayConfig config = GatewayConfig.of(cfg);
        GatewaySetup setup = new GatewaySetup(org.metergate.meters.KnownBuses.of("bus1", "rx1"),
                () -> new LinkedHashMap<>(Map.of("readoutSchedule", "*/15 * * * *")));
        TemplateReportRenderer r = new TemplateReportRenderer(new TemplateCatalog(Path.of("templates")), ReportConventions.from(config),
                ReportIdentity.from(config, new GatewayIdentity("1A2B3C4D", "gw.local", Path.of("data"), CREATED, "")),
                new ValueScan(db), meters::all, log::open, setup);
        ReportFile f = r.render(new RenderRequest(3012, 0, PERIOD, ValueInterval.ALL, CREATED, Map.of()), out);
        assertThat(f.fileName()).isEqualTo("metergate.1A2B3C4D_installreport_20261125130000_3012.xlsx");
        assertThat(f.mediaType()).isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        try (InputStream in = Files.newInputStream(f.path()); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(4);
            assertThat(List.of(wb.getSheetName(0), wb.getSheetName(1), wb.getSheetName(2), wb.getSheetName(3)))
                    .containsExactly("Device settings", "Installed meters", "Latest readout", "Modbus");

            Map<String, String> device = new LinkedHashMap<>();
            XSSFSheet s0 = wb.getSheetAt(0);
            for (int i = 1; i <= s0.getLastRowNum(); i++) {
                device.put(s0.getRow(i).getCell(0).getStringCellValue(), s0.getRow(i).getCell(1).getStringCellValue());
            }
            assertThat(device).containsEntry("Product", "metergate.1A2B3C4D").containsEntry("Serial", "1A2B3C4D")
                    .containsEntry("Host name", "gw.local").containsEntry("Company", "Acme")
                    .containsEntry("Buses and receivers", "bus1, rx1").containsEntry("Readout schedule", "*/15 * * * *")
                    .containsEntry("Decimal separator", ",").containsEntry("Field separator", ";")
                    .containsEntry("Character encoding", "windows-1252").containsEntry("Time zone", "Europe/Stockholm")
                    .containsEntry("Language", "en").containsEntry("Created", "2026-11-25 13:00:00");

            // sheet 2: the meter-list export, cell for cell
            XSSFSheet s1 = wb.getSheetAt(1);
            assertThat(cells(s1.getRow(0))).isEqualTo(org.metergate.meters.MeterListExport.COLUMNS);
            List<org.metergate.meters.Meter> all = meters.all();
            assertThat(s1.getLastRowNum()).isEqualTo(all.size());
            for (int i = 0; i < all.size(); i++) {
                assertThat(cells(s1.getRow(i + 1))).isEqualTo(org.metergate.meters.MeterListExport.cells(all.get(i)));
            }

            // sheet 3: per meter its latest readout with values, as the store has it
            XSSFSheet s2 = wb.getSheetAt(2);
            assertThat(cells(s2.getRow(0))).startsWith("Meter ID", "MOID").endsWith("Quantity", "Unit", "Storage", "Tariff", "Value");
            List<List<Object>> rows = new ArrayList<>();
            for (int i = 1; i <= s2.getLastRowNum(); i++) {
                List<Object> row = new ArrayList<>();
                for (int c = 0; c < 14; c++) {
                    var cell = s2.getRow(i).getCell(c);
                    row.add(cell == null ? null : cell.getCellType() == CellType.NUMERIC ? (Object) cell.getNumericCellValue()
                            : cell.getStringCellValue());
                }
                rows.add(row);
            }
            // the heat meter's latest readout is the one at 12:00 (after the period: the latest, not the period's)
            assertThat(rows).containsExactly(
                    List.of("12345678", "Källare; hus 1", "GWF", "Heat: Outlet", "", "", "", "00", "2026-11-25 12:00:00",
                            "Energy", "kWh", 0.0, 0.0, 2.0),
                    java.util.Arrays.asList("87654321", "Tvättstuga", "ELV", "Water", "no_answer", "no answer",
                            "2026-11-25 11:20:00", "00", "2026-11-25 11:05:00", "Volume", "m^3", 0.0, 0.0,
                            "12345678901234567.891"));

            XSSFSheet s3 = wb.getSheetAt(3);
            assertThat(s3.getLastRowNum()).isZero();
            assertThat(s3.getRow(0).getCell(0).getStringCellValue())
                    .isEqualTo("The Modbus server is not configured: no meter has a Modbus mapping.");
        }
    }

    private static List<String> cells(org.apache.poi.ss.usermodel.Row row) {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < row.getLastCellNum(); c++) {
            var cell = row.getCell(c);
            out.add(cell == null ? "" : cell.getStringCellValue());
        }
        return out;
    }

    @Test
    void oneFormatServesEveryProtocolAndAnExactNumberWins() throws Exception {
        storeValues();
        Path templates = copyTemplates();
        Files.writeString(templates.resolve("2101_valuereport.csv.ftl"), "FTP only<#list values as v>;${v.exact}</#list>\n");
        TemplateReportRenderer r = renderer(templates, Map.of());

        assertThat(text(r.render(request(2101, PERIOD, ValueInterval.ALL), out), StandardCharsets.UTF_8))
                .isEqualTo("FTP only;12345.670;35000;-0.001;AB;12;12345.678;12345678901234567.891\n");
        ReportFile email = r.render(request(1101, PERIOD, ValueInterval.ALL), out);
        ReportFile http = r.render(request(3101, PERIOD, ValueInterval.ALL), out);
        assertThat(Files.readAllBytes(email.path())).isEqualTo(Files.readAllBytes(http.path()));
        assertThat(text(email, StandardCharsets.ISO_8859_1)).startsWith("Meter ID;");

        Files.writeString(templates.resolve("x101_other.csv.ftl"), "x");
        assertThatThrownBy(() -> r.render(request(1101, PERIOD, ValueInterval.ALL), out)).isInstanceOf(ReportException.class)
                .hasMessageContaining("more than one file for x101").hasMessageContaining("x101_other.csv.ftl");
        assertThatThrownBy(() -> r.render(request(2999, PERIOD, ValueInterval.ALL), out)).isInstanceOf(ReportException.class)
                .hasMessageContaining("template 2999 (ftp) not found").hasMessageContaining("x999_<kind>.<ext>.ftl");
        assertThatThrownBy(() -> r.render(request(4101, PERIOD, ValueInterval.ALL), out)).isInstanceOf(ReportException.class)
                .hasMessageContaining("4-digit number starting with 1 (e-mail), 2 (FTP) or 3 (HTTP)");
    }

    @Test
    void conventionsFromConfiguration() throws Exception {
        storeValues();
        TemplateReportRenderer r = renderer(Path.of("templates"), Map.of("metergate.report.decimal-separator", ".",
                "metergate.report.field-separator", "tab", "metergate.report.encoding", "UTF-8",
                "metergate.report.product-name", "Site 7/Hus A"));
        ReportFile f = r.render(request(1101, new ReportPeriod(T0.plusSeconds(300), T0.plusSeconds(301)), ValueInterval.ALL), out);
        assertThat(f.fileName()).isEqualTo("Site_7_Hus_A_valuereport_20261125130000_1.csv");
        assertThat(f.mediaType()).isEqualTo("text/csv; charset=utf-8");
        assertThat(text(f, StandardCharsets.UTF_8)).isEqualTo(
                "Meter ID\tManufacturer\tMedium\tMOID\tTimestamp\tQuantity\tUnit\tStorage\tTariff\tValue\n"
                        + "87654321\tELV\tWater\tTvättstuga\t2026-11-25 11:05:00\tVolume\tm^3\t0\t0\t12345678901234567.891\n");

        assertThatThrownBy(() -> ReportConventions.from(GatewayConfig.of(Map.of("metergate.report.field-separator", "ab"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metergate.report.field-separator");
        assertThatThrownBy(() -> ReportConventions.from(GatewayConfig.of(Map.of("metergate.report.decimal-separator", ";"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("both ';'");
        assertThatThrownBy(() -> ReportConventions.from(GatewayConfig.of(Map.of("metergate.report.encoding", "klingon"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metergate.report.encoding");
        assertThatThrownBy(() -> ReportConventions.from(GatewayConfig.of(Map.of("metergate.report.first-day-of-week", "someday"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("first-day-of-week");
    }

    @Test
    void excelValueReportKeepsNumbersExactAndStreams() throws Exception {
        storeValues();
        ReportFile f = renderer().render(request(1112, PERIOD, ValueInterval.ALL), out);
        assertThat(f.fileName()).isEqualTo("metergate.1A2B3C4D_valuereport_20261125130000_1.xlsx");
        assertThat(f.mediaType()).isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        try (InputStream in = Files.newInputStream(f.path()); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            XSSFSheet sheet = wb.getSheet("Values");
            assertThat(sheet.getLastRowNum()).isEqualTo(6);
            assertThat(sheet.getRow(0).getCell(9).getStringCellValue()).isEqualTo("Value");
            assertThat(wb.getFontAt(sheet.getRow(0).getCell(0).getCellStyle().getFontIndex()).getBold()).isTrue();
            assertThat(sheet.getRow(1).getCell(3).getStringCellValue()).isEqualTo("Källare; hus 1");
            assertThat(sheet.getRow(1).getCell(9).getNumericCellValue()).isEqualTo(12345.67);
            assertThat(sheet.getRow(2).getCell(5).getStringCellValue()).isEqualTo("Power (maximum)");
            assertThat(sheet.getRow(2).getCell(9).getNumericCellValue()).isEqualTo(35000.0);
            assertThat(sheet.getRow(3).getCell(7).getNumericCellValue()).isEqualTo(1.0); // storage as a number
            assertThat(sheet.getRow(4).getCell(9).getStringCellValue()).isEqualTo("AB;12");
            // 20 significant digits do not fit a double: kept as text, every digit
            assertThat(sheet.getRow(6).getCell(9).getCellType()).isEqualTo(CellType.STRING);
            assertThat(sheet.getRow(6).getCell(9).getStringCellValue()).isEqualTo("12345678901234567.891");
            XSSFSheet report = wb.getSheet("Report");
            assertThat(report.getRow(0).getCell(1).getStringCellValue()).isEqualTo("metergate.1A2B3C4D");
            assertThat(report.getRow(5).getCell(1).getStringCellValue()).isEqualTo("2026-11-25 11:00:00");
        }
    }

    @Test
    void jsonValueReportGroupsByMeterAndReadoutWithExactNumbersInUtf8() throws Exception {
        storeValues();
        ReportFile f = renderer().render(request(3150, PERIOD, ValueInterval.ALL), out);
        assertThat(f.fileName()).isEqualTo("metergate.1A2B3C4D_valuereport_20261125130000_1.json");
        assertThat(f.mediaType()).isEqualTo("application/json");
        JsonNode json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .readTree(Files.readString(f.path(), StandardCharsets.UTF_8));
        assertThat(json.get("product").asText()).isEqualTo("metergate.1A2B3C4D");
        assertThat(json.get("createdAt").asText()).isEqualTo("2026-11-25T12:00:00Z");
        assertThat(json.get("period").get("from").asText()).isEqualTo("2026-11-25T10:00:00Z");
        JsonNode ms = json.get("meters");
        assertThat(ms).hasSize(2);
        JsonNode heat = ms.get(0);
        assertThat(heat.get("moid").asText()).isEqualTo("Källare; hus 1");
        assertThat(heat.get("readouts")).hasSize(2);
        JsonNode v = heat.get("readouts").get(0).get("values");
        assertThat(heat.get("readouts").get(0).get("timestamp").asText()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(v).hasSize(4);
        assertThat(v.get(0).get("value").decimalValue()).isEqualByComparingTo(new BigDecimal("12345.670"));
        assertThat(Files.readString(f.path())).contains("\"value\": 12345.670}"); // the exact text, scale kept
        assertThat(v.get(1).get("function").asText()).isEqualTo("maximum");
        assertThat(v.get(2).get("storage").asInt()).isEqualTo(1);
        assertThat(v.get(3).get("value").isTextual()).isTrue();
        assertThat(ms.get(1).get("readouts").get(0).get("values").get(0).get("value").decimalValue())
                .isEqualTo(new BigDecimal("12345678901234567.891"));
    }

    @Test
    void valueIntervalKeepsTheFirstValueOfEachSeriesPerHourDayOrMonthInTheGatewaysZone() throws Exception {
        // every 15 minutes for 3 days from 2026-01-30 22:00Z (23:00 in Stockholm); energy = minutes since start
        Instant start = Instant.parse("2026-01-30T22:00:00Z");
        List<StoredReadout> batch = new ArrayList<>();
        for (int i = 0; i < 4 * 24 * 3; i++) {
            batch.add(new StoredReadout(heatId, start.plus(Duration.ofMinutes(15L * i)), "ok", null, 0, 1, 1, List.of(),
                    List.of(ValueRow.number(energy, 15L * i, 0))));
        }
        values.storeAll(batch);
        ReportPeriod period = new ReportPeriod(start, start.plus(Duration.ofDays(3)));
        TemplateReportRenderer r = renderer(withTemplate("x199_thin.csv.ftl",
                "<#list values as v>${v.timestamp}=${v.value}\n</#list>"), Map.of());

        List<String> hourly = lines(r.render(request(2199, period, ValueInterval.HOUR), out));
        assertThat(hourly).hasSize(72);
        assertThat(hourly.subList(0, 3)).containsExactly("2026-01-30 23:00:00=0", "2026-01-31 00:00:00=60", "2026-01-31 01:00:00=120");
        List<String> daily = lines(r.render(request(2199, period, ValueInterval.DAY), out));
        // local days: the 30th (one hour of it), 31st, 1st, 2nd (up to 23:00 local)
        assertThat(daily).containsExactly("2026-01-30 23:00:00=0", "2026-01-31 00:00:00=60", "2026-02-01 00:00:00=1500",
                "2026-02-02 00:00:00=2940");
        assertThat(lines(r.render(request(2199, period, ValueInterval.MONTH), out)))
                .containsExactly("2026-01-30 23:00:00=0", "2026-02-01 00:00:00=1500");
        assertThat(lines(r.render(request(2199, period, ValueInterval.ALL), out))).hasSize(288);
    }

    @Test
    void weeklyValueIntervalStartsWeeksOnTheConfiguredFirstDay() throws Exception {
        // every 6 hours for 15 days from Thursday 2026-01-01 00:00 local (Stockholm); energy = hours since start
        Instant start = Instant.parse("2025-12-31T23:00:00Z");
        List<StoredReadout> batch = new ArrayList<>();
        for (int i = 0; i < 4 * 15; i++) {
            batch.add(new StoredReadout(heatId, start.plus(Duration.ofHours(6L * i)), "ok", null, 0, 1, 1, List.of(),
                    List.of(ValueRow.number(energy, 6L * i, 0))));
        }
        values.storeAll(batch);
        ReportPeriod period = new ReportPeriod(start, start.plus(Duration.ofDays(15)));
        Path templates = withTemplate("x199_thin.csv.ftl", "<#list values as v>${v.timestamp}=${v.value}\n</#list>");

        assertThat(lines(renderer(templates, Map.of("metergate.report.first-day-of-week", "MONDAY"))
                .render(request(2199, period, ValueInterval.WEEK), out)))
                .containsExactly("2026-01-01 00:00:00=0", "2026-01-05 00:00:00=96", "2026-01-12 00:00:00=264");
        assertThat(lines(renderer(templates, Map.of("metergate.report.first-day-of-week", "SUNDAY"))
                .render(request(2199, period, ValueInterval.WEEK), out)))
                .containsExactly("2026-01-01 00:00:00=0", "2026-01-04 00:00:00=72", "2026-01-11 00:00:00=240");
    }

    @Test
    void installationReportHasTheRawTelegramsOfEachMetersLatestReadoutWithoutHeader() throws Exception {
        storeValues();
        ReportFile f = renderer().render(new RenderRequest(2001, 0, PERIOD, ValueInterval.ALL, CREATED, Map.of()), out);
        assertThat(f.fileName()).isEqualTo("metergate.1A2B3C4D_installreport_20261125130000_2001.csv");
        String telegram = "0801721234567877740107010000000c0678563412"; // C field up to the data, no checksum or stop
        assertThat(text(f, StandardCharsets.ISO_8859_1)).isEqualTo(
                "1A2B3C4D;12345678;2026-11-25 12:00:00;00;" + telegram + "\n"
                        + "1A2B3C4D;87654321;2026-11-25 11:05:00;00;" + telegram + "\n"
                        + "1A2B3C4D;87654321;2026-11-25 11:05:00;01;" + telegram + "\n");
    }

    @Test
    void eventLogAndStatusReports() throws Exception {
        storeValues();
        meters.updateStatus(waterId, new MeterStatus("error", "no answer", T0.plus(Duration.ofMinutes(20))));
        meters.updateStatus(heatId, new MeterStatus("ok", null, T0.plus(Duration.ofHours(1))));
        log.insert(T0.minusSeconds(1), LogLevel.INFO, "gateway", "before the period");
        log.insert(T0.plusSeconds(1), LogLevel.WARNING, "meters", "meter 2; no answer");
        log.insert(T0.plusSeconds(2), LogLevel.ERROR, "report", "line1\nline2");
        TemplateReportRenderer r = renderer();

        Map<String, String> event = new LinkedHashMap<>();
        event.put("event", "startup");
        event.put("version", "1.0; beta");
        ReportFile e = r.render(new RenderRequest(1005, 0, PERIOD, ValueInterval.ALL, CREATED, event), out);
        assertThat(e.fileName()).isEqualTo("metergate.1A2B3C4D_eventreport_20261125130000_1005.csv");
        assertThat(text(e, StandardCharsets.ISO_8859_1)).isEqualTo("1;event;startup\n2;version;\"1.0; beta\"\n");

        ReportFile l = r.render(request(2006, PERIOD, ValueInterval.ALL), out);
        assertThat(l.fileName()).isEqualTo("metergate.1A2B3C4D_logreport_20261125130000_1.csv");
        assertThat(text(l, StandardCharsets.ISO_8859_1)).isEqualTo("""
                Timestamp;Level;Source;Message
                2026-11-25 11:00:01;warning;meters;"meter 2; no answer"
                2026-11-25 11:00:02;error;report;"line1
                line2"
                """);

        ReportFile s = r.render(request(3007, PERIOD, ValueInterval.ALL), out);
        assertThat(s.fileName()).isEqualTo("metergate.1A2B3C4D_statusreport_20261125130000_1.csv");
        assertThat(text(s, Charset.forName("windows-1252"))).isEqualTo("""
                Meter ID;Manufacturer;Medium;MOID;Active;Status;Last readout;Status byte;Message
                12345678;GWF;Heat: Outlet;"Källare; hus 1";1;ok;2026-11-25 12:00:00;00;
                87654321;ELV;Water;Tvättstuga;0;error;2026-11-25 11:20:00;00;no answer
                """);
    }

    @Test
    void aBadTemplateIsRefusedNamingItsFileAndLineAndLeavesNoFile() throws Exception {
        storeValues();
        TemplateReportRenderer broken = renderer(withTemplate("x101_valuereport.csv.ftl",
                "Header\n<#list values as v>\n<#lsit v as x>${x}</#lsit>\n</#list>\n"), Map.of());
        assertThatThrownBy(() -> broken.render(request(2101, PERIOD, ValueInterval.ALL), out)).isInstanceOf(ReportException.class)
                .hasMessageStartingWith("template file x101_valuereport.csv.ftl, line 3");

        TemplateReportRenderer failing = renderer(withTemplate("x101_valuereport.csv.ftl",
                "Header\n<#list values as v>\n${v.secondary};${v.nosuchfield}\n</#list>\n"), Map.of());
        assertThatThrownBy(() -> failing.render(request(2101, PERIOD, ValueInterval.ALL), out)).isInstanceOf(ReportException.class)
                .hasMessageContaining("template 2101: x101_valuereport.csv.ftl, line 3, column 18")
                .hasMessageContaining("v.nosuchfield");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).isEmpty(); // the half-written file was removed
        }
    }

    @Test
    void templatesCannotReachJava() throws Exception {
        TemplateReportRenderer r = renderer(withTemplate("x198_x.txt.ftl",
                "<#assign ex = \"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}"), Map.of());
        assertThatThrownBy(() -> r.render(request(1198, PERIOD, ValueInterval.ALL), out)).isInstanceOf(ReportException.class)
                .hasMessageContaining("x198_x.txt.ftl, line 1");
    }

    @Test
    void csvRowsWritesExactlyWhatTheValuesListingWrites() throws Exception {
        storeValues();
        String columns = "\"secondary\", \"moid\", \"timestamp\", \"description\", \"unit\", \"storage\", \"value\", \"exact\", \"quantity\"";
        withTemplate("x196_rows.csv.ftl", "<@csvRows columns=[" + columns + "]/>");
        Path templates = withTemplate("x197_list.csv.ftl", "<#list values as v>${v.secondary}${sep}${csv(v.moid)}${sep}"
                + "${v.timestamp}${sep}${v.description}${sep}${v.unit}${sep}${v.storage}${sep}${csv(v.value)}${sep}${csv(v.exact)}${sep}"
                + "${v.quantity}\n</#list>");
        // '.' as field separator: the exact values must be quoted, the decimal-comma ones not
        TemplateReportRenderer r = renderer(templates, Map.of("metergate.report.field-separator", "."));
        for (ValueInterval interval : ValueInterval.values()) {
            String rows = text(r.render(request(2196, PERIOD, interval), out), StandardCharsets.ISO_8859_1);
            String list = text(r.render(request(2197, PERIOD, interval), out), StandardCharsets.ISO_8859_1);
            assertThat(rows).isEqualTo(list);
            if (interval == ValueInterval.ALL) {
                assertThat(rows).hasLineCount(6).contains(".12345,670.\"12345.670\".Energy\n");
            }
        }
        TemplateReportRenderer bad = renderer(withTemplate("x195_bad.csv.ftl", "\n<@csvRows columns=[\"secondary\", \"colour\"]/>"),
                Map.of());
        assertThatThrownBy(() -> bad.render(request(2195, PERIOD, ValueInterval.ALL), out)).isInstanceOf(ReportException.class)
                .hasMessageContaining("x195_bad.csv.ftl, line 2").hasMessageContaining("no column \"colour\"");
    }

    @Test
    void theGatewayFactoryReadsTheTemplatesDirectoryIdentityAndConventions() throws Exception {
        storeValues();
        Path templates = withTemplate("x194_id.txt.ftl", "${gateway.product}|${gateway.serial}|${gateway.contact.company}|"
                + "<#list gateway.contact.addressLines as l>${l}/</#list>|${conventions.decimalSeparator}|${conventions.encoding}|"
                + "${conventions.firstDayOfWeek}|${report.kind}|${report.protocol}|${report.period.from}\n");
        GatewayConfig config = GatewayConfig.of(Map.of(ReportRendering.TEMPLATES_DIR, templates.toString(),
                "metergate.report.contact.company", "Värme AB", "metergate.report.contact.address2", "Box 1",
                "metergate.report.first-day-of-week", "Sunday", "metergate.report.time-zone", "UTC"));
        var clock = java.time.Clock.systemUTC();
        var systemLog = new org.metergate.admin.SystemLog(log, LogLevel.INFO, new org.metergate.admin.FloodControl(Duration.ofMinutes(1)), clock);
        ReportFile f = ReportRendering.create(config, db, systemLog, new GatewayIdentity("00C0FFEE", "gw", dir, T0))
                .render(request(3194, PERIOD, ValueInterval.ALL), out);
        assertThat(f.fileName()).isEqualTo("metergate.00C0FFEE_id_20261125120000_1.txt");
        assertThat(f.mediaType()).isEqualTo("text/plain; charset=windows-1252");
        assertThat(text(f, Charset.forName("windows-1252")))
                .isEqualTo("metergate.00C0FFEE|00C0FFEE|Värme AB|Box 1/|,|windows-1252|sunday|id|http|2026-11-25 10:00:00\n");
    }

    private List<String> lines(ReportFile f) throws Exception {
        return Files.readAllLines(f.path(), StandardCharsets.UTF_8);
    }

    private Path copyTemplates() throws Exception {
        Path t = dir.resolve("templates");
        if (!Files.isDirectory(t)) {
            Files.createDirectories(t);
            try (Stream<Path> files = Files.list(Path.of("templates"))) {
                for (Path p : files.toList()) {
                    Files.copy(p, t.resolve(p.getFileName().toString()));
                }
            }
        }
        return t;
    }

    private Path withTemplate(String name, String text) throws Exception {
        Path t = copyTemplates();
        Files.writeString(t.resolve(name), text);
        return t;
    }
}
