package org.metergate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DecodeCommandTest {
    static final String ACW = "68 3C 3C 68 08 08 72 78 03 49 11 77 04 0E 16 0A 00 00 00 0C 78 78 03 49 11 04 13 31 D4 00 00 "
            + "42 6C 00 00 44 13 00 00 00 00 04 6D 0B 0B CD 13 02 27 00 00 09 FD 0E 02 09 FD 0F 06 0F 00 01 75 13 D3 16";

    record Run(int exit, String out) {
    }

    static Run run(String... args) {
        CommandLine cl = Metergate.commandLine();
        StringWriter sw = new StringWriter();
        cl.setOut(new PrintWriter(sw));
        int exit = cl.execute(args);
        return new Run(exit, sw.toString());
    }

    @Test
    void decodesHexArgumentsToTheDocumentedJson() throws Exception {
        Run r = run(("decode " + ACW).split(" "));
        assertThat(r.exit()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.at("/frame/type").asText()).isEqualTo("long");
        assertThat(j.at("/frame/c").asText()).isEqualTo("08");
        assertThat(j.at("/frame/a").asInt()).isEqualTo(8);
        assertThat(j.at("/frame/ci").asText()).isEqualTo("72");
        assertThat(j.get("id").asText()).isEqualTo("11490378");
        assertThat(j.get("manufacturer").asText()).isEqualTo("ACW");
        assertThat(j.get("version").asInt()).isEqualTo(14);
        assertThat(j.get("medium").asText()).isEqualTo("Cold water");
        assertThat(j.get("mediumCode").asText()).isEqualTo("16");
        assertThat(j.get("accessNumber").asInt()).isEqualTo(10);
        assertThat(j.get("status").asText()).isEqualTo("00");
        JsonNode vol = j.get("records").get(1);
        assertThat(vol.get("function").asText()).isEqualTo("instantaneous");
        assertThat(vol.get("quantity").asText()).isEqualTo("Volume");
        assertThat(vol.get("unit").asText()).isEqualTo("m^3");
        assertThat(vol.get("value").isNumber()).isTrue();
        assertThat(vol.get("value").decimalValue()).isEqualByComparingTo("54.321");
        assertThat(vol.get("dif").asText()).isEqualTo("04");
        assertThat(vol.get("vif").asText()).isEqualTo("13");
        assertThat(vol.get("raw").asText()).isEqualTo("041331D40000");
        assertThat(j.get("records").get(4).get("value").asText()).isEqualTo("2014-03-13T11:11:00");
        assertThat(r.out()).contains("\"value\":54.321");
    }

    @Test
    void typeIDateCarriesItsFlagsBesideTheIsoValue() throws Exception {
        String frame = "68 3E 3E 68 08 08 72 78 03 49 11 77 04 0E 16 0A 00 00 00 0C 78 78 03 49 11 04 13 31 D4 00 00 "
                + "42 6C 00 00 44 13 00 00 00 00 06 6D FB 45 8E 1D 32 49 02 27 00 00 09 FD 0E 02 09 FD 0F 06 0F 00 "
                + "01 75 13 45 16";
        JsonNode t = new ObjectMapper().readTree(run(("decode " + frame).split(" ")).out()).get("records").get(4);
        assertThat(t.get("value").asText()).isEqualTo("2024-02-29T14:05:59");
        assertThat(t.get("summerTime").asBoolean()).isTrue();
        assertThat(t.get("dayOfWeek").asInt()).isEqualTo(4);
        assertThat(t.get("week").asInt()).isEqualTo(9);
        assertThat(t.get("leapYear").asBoolean()).isTrue();
        assertThat(t.get("dstDeviationHours").asInt()).isEqualTo(1);
        assertThat(t.has("invalid")).isFalse();
        assertThat(run(("decode --format text " + frame).split(" ")).out())
                .contains("2024-02-29T14:05:59 (summer time, Thursday, week 9, leap year, daylight-saving deviation +1 h)");
        // a type F date without flags keeps the plain documented shape
        JsonNode f = new ObjectMapper().readTree(run(("decode " + ACW).split(" ")).out()).get("records").get(4);
        assertThat(f.has("summerTime")).isFalse();
        assertThat(f.has("dayOfWeek")).isFalse();
    }

    @Test
    void readsAFileWithLineBreaksAndPrintsText(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("frame.hex");
        Files.writeString(f, ACW.replace(" 04 13", "\r\n04 13").toLowerCase());
        Run r = run("decode", "--format", "text", "--file", f.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("11490378").contains("Volume").contains("54.321 m^3");
    }

    @Test
    void brokenFrameIsAnErrorObjectWithExitTwo() throws Exception {
        Run r = run("decode", "68 04 04 68 08 01 72 00 7B 17");
        assertThat(r.exit()).isEqualTo(2);
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("error").asText()).contains("at byte");
        assertThat(run("decode", "6").exit()).isEqualTo(2);
        assertThat(run("decode").exit()).isEqualTo(2);
    }

    @Test
    void applicationErrorExitsZeroWithError() throws Exception {
        Run r = run("decode", "68 04 04 68 08 01 70 08 81 16");
        assertThat(r.exit()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("error").asText()).isEqualTo("Application busy");
        assertThat(j.at("/frame/ci").asText()).isEqualTo("70");
    }
}
