package org.metergate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metergate.cli.DecodeCommandTest.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code decode --wmbus}: docs/wmbus.md; vectors from OMS Vol. 2 annex N (see wmbus VectorsTest). */
class DecodeWmbusCommandTest {
    static final String OMS_A = "2E44931578563412330333637A2A0020255923C95AAA26D1B2E7493BC2AD013EC4A6F6D3529B520EDFF0"
            + "EA6DEFC955B29D6D69EBF3EC8A";
    static final String KEY_A = "0102030405060708090A0B0C0D0E0F11";
    static final String OMS_B = "434493157856341233038C2075900F002C25B30A000021924D4F2FB66E017A7500200710905847"
            + "5F4BC91DF878B80A1B0F98B629024AAC727942BFC549233C0140829B93";

    static JsonNode json(DecodeCommandTest.Run r) throws Exception {
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void mode5WithKeyPrintsLinkAndRecords() throws Exception {
        DecodeCommandTest.Run r = run("decode", "--wmbus", "--key", KEY_A, "--rssi", "-71", OMS_A);
        assertThat(r.exit()).isZero();
        JsonNode j = json(r);
        assertThat(j.at("/link/format").asText()).isEqualTo("A");
        assertThat(j.at("/link/c").asText()).isEqualTo("44");
        assertThat(j.at("/link/manufacturer").asText()).isEqualTo("ELS");
        assertThat(j.at("/link/id").asText()).isEqualTo("12345678");
        assertThat(j.at("/link/version").asInt()).isEqualTo(0x33);
        assertThat(j.at("/link/deviceType").asText()).isEqualTo("03");
        assertThat(j.at("/link/ci").asText()).isEqualTo("7A");
        assertThat(j.at("/link/securityMode").asInt()).isEqualTo(5);
        assertThat(j.at("/link/accessNumber").asInt()).isEqualTo(0x2A);
        assertThat(j.at("/link/rssi").asInt()).isEqualTo(-71);
        assertThat(j.at("/link/key").asText()).doesNotContain(KEY_A);
        assertThat(j.get("id").asText()).isEqualTo("12345678");
        assertThat(j.get("manufacturer").asText()).isEqualTo("ELS");
        assertThat(j.get("medium").asText()).isEqualTo("Gas");
        assertThat(j.get("accessNumber").asInt()).isEqualTo(0x2A);
        assertThat(j.at("/records/0/quantity").asText()).isEqualTo("Volume");
        assertThat(j.at("/records/0/value").decimalValue()).isEqualByComparingTo("28504.27");
        assertThat(j.at("/records/0/unit").asText()).isEqualTo("m^3");
        assertThat(j.get("records")).hasSize(3);
    }

    @Test
    void mode7ShowsEllAndAfl() throws Exception {
        DecodeCommandTest.Run r = run("decode", "--wmbus", "--key", "000102030405060708090A0B0C0D0E0F",
                "--frame-format", "NO_CRC", OMS_B);
        assertThat(r.exit()).isZero();
        JsonNode j = json(r);
        assertThat(j.at("/link/securityMode").asInt()).isEqualTo(7);
        assertThat(j.at("/link/ell/ci").asText()).isEqualTo("8C");
        assertThat(j.at("/link/afl/messageCounter").asInt()).isEqualTo(0xAB3);
        assertThat(j.at("/link/afl/macVerified").asBoolean()).isTrue();
        assertThat(j.at("/records/0/value").decimalValue()).isEqualByComparingTo("28504.27");
    }

    @Test
    void failuresAreTypedWithExit2() throws Exception {
        DecodeCommandTest.Run noKey = run("decode", "--wmbus", OMS_A);
        assertThat(noKey.exit()).isEqualTo(2);
        assertThat(json(noKey).get("error").asText()).startsWith("no key");
        assertThat(json(noKey).get("reason").asText()).isEqualTo("NO_KEY");
        assertThat(json(noKey).at("/link/id").asText()).isEqualTo("12345678");
        assertThat(json(noKey).has("records")).isFalse();

        DecodeCommandTest.Run wrong = run("decode", "--wmbus", "--key", "000102030405060708090A0B0C0D0E0F", OMS_A);
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(json(wrong).get("error").asText()).startsWith("decryption failed");

        String crcBroken = OMS_A.substring(0, 30) + "FF" + OMS_A.substring(32);
        DecodeCommandTest.Run crc = run("decode", "--wmbus", "--key", KEY_A, crcBroken);
        assertThat(crc.exit()).isEqualTo(2);
        assertThat(json(crc).get("error").asText()).startsWith("CRC error").contains("at byte 28");

        assertThat(run("decode", "--wmbus", "--key", "1234", OMS_A).exit()).isEqualTo(2);
        assertThat(run("decode", "--wmbus", "2E44").exit()).isEqualTo(2);
    }

    @Test
    void textFormat() {
        DecodeCommandTest.Run r = run("decode", "--wmbus", "--format", "text", "--key", KEY_A, OMS_A);
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("wireless: format A C=44 ELS 12345678").contains("security mode 5")
                .contains("Volume");
    }
}
