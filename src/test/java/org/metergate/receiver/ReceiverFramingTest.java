package org.metergate.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.metergate.wmbus.FrameFormat;
import org.metergate.wmbus.WmbusDecoder;
import org.metergate.wmbus.WmbusTelegram;

/** Known-answer messages of both dongle framings and the text feed, resynchronisation and typed errors. */
class ReceiverFramingTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
    /** An unencrypted Sensus iPERL telegram as rtl-wmbus prints it (wmbusmeters' TCP feed test): 123.529 m3. */
    static final String IPERL = "1844AE4C4455223368077A55000000041389E20100023B0000";

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void crcAndChecksumKnownAnswers() {
        // CRC-16/X-25 check value
        assertThat(Im871a.crc("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9)).isEqualTo(0x906E);
        // CMD_SERIALNO_REQ as wmbusmeters sends it: FF 0B 00 F4
        assertThat(Amb8465.command(0x0B, new byte[0], null)).isEqualTo(hex("FF0B00F4"));
        // set mode T1 / C1 (AMB8465), set config T1 with RSSI (iM871A)
        assertThat(Amb8465.setModeRequest(LinkMode.T1)).isEqualTo(hex("FF 04 01 08 F2"));
        assertThat(Amb8465.setModeRequest(LinkMode.C1)).isEqualTo(hex("FF 04 01 0E F4"));
        assertThat(Im871a.setConfigRequest(LinkMode.T1)).isEqualTo(hex("A5 01 03 06 00 02 03 30 01 00"));
        assertThat(Im871a.setConfigRequest(LinkMode.C1)).isEqualTo(hex("A5 01 03 06 00 02 06 30 01 00"));
    }

    @Test
    void rssiConversions() {
        assertThat(Im871a.rssiToDbm(45)).isEqualTo(-100);
        assertThat(Im871a.rssiToDbm(205)).isEqualTo(-20);
        assertThat(Im871a.rssiToDbm(240)).isZero();
        assertThat(Amb8465.rssiToDbm(0xD8)).isEqualTo(-94);
        assertThat(Amb8465.rssiToDbm(0x10)).isEqualTo(-66);
        for (int dbm = -120; dbm <= -20; dbm++) {
            assertThat(Amb8465.rssiToDbm(Amb8465.dbmToRssi(dbm))).isEqualTo(dbm);
            assertThat(Im871a.rssiToDbm(Im871a.dbmToRssi(dbm))).as("dbm %d", dbm).isEqualTo(Math.max(dbm, -122));
        }
    }

    @Test
    void im871aIndicationWithRssiAndCrc() throws Exception {
        // A5, control C (CRC + RSSI) / endpoint 2, WMBUS_MSG_IND, length 18h, C..end, RSSI 8Dh, CRC (low byte first)
        byte[] head = hex("A5 C2 03 18" + IPERL.substring(2) + "8D");
        int crc = Im871a.crc(head, 1, head.length);
        byte[] msg = concat(head, new byte[] {(byte) crc, (byte) (crc >> 8)});
        assertThat(msg).isEqualTo(Im871a.indication(hex(IPERL), 0x8D, true));

        Collector c = new Collector();
        FrameParser p = Im871a.parser("rx1", c, CLOCK);
        p.feed(msg);
        assertThat(c.errors).isEmpty();
        assertThat(c.frames).hasSize(1);
        ReceivedFrame f = c.frames.get(0);
        assertThat(f.hex()).isEqualTo(IPERL);
        assertThat(f.rssi()).isEqualTo(-52);
        assertThat(f.receiverId()).isEqualTo("rx1");
        assertThat(f.format()).isEqualTo(FrameFormat.NO_CRC);
        WmbusTelegram t = new WmbusDecoder().decode(f.frame(), f.format(), f.rssi());
        assertThat(t.meter().id()).isEqualTo("33225544");
        assertThat(t.telegram().records().get(0).value().text()).isEqualTo("123.529");

        // without trailers, and with a timestamp before the RSSI
        Collector c2 = new Collector();
        FrameParser p2 = Im871a.parser("rx1", c2, CLOCK);
        p2.feed(hex("A5 02 03 18" + IPERL.substring(2)));
        p2.feed(Im871a.message(Im871a.RADIOLINK, 3, hex(IPERL.substring(2)), 0x01020304L, 0xCD, true));
        assertThat(c2.frames).extracting(ReceivedFrame::rssi).containsExactly(null, -20);
        assertThat(c2.frames).extracting(ReceivedFrame::hex).containsOnly(IPERL);
        // a device management answer is a response, not a telegram
        p2.feed(hex("A5 01 04 01 00"));
        assertThat(c2.responses).hasSize(1);
        assertThat(c2.responses.get(0)[0]).isEqualTo(0x0104);
    }

    @Test
    void amb8465DataIndicationWithRssi() throws Exception {
        byte[] body = hex("FF 03 18" + IPERL.substring(2) + "D8");
        byte[] msg = concat(body, new byte[] {(byte) Amb8465.xor(body, 0, body.length)});
        assertThat(msg).isEqualTo(Amb8465.dataIndication(hex(IPERL), 0xD8));
        Collector c = new Collector();
        FrameParser p = Amb8465.parser("rx2", c, CLOCK, true, false);
        for (byte b : msg) { // one byte at a time, as a slow UART delivers them
            p.feed(new byte[] {b});
        }
        assertThat(c.errors).isEmpty();
        assertThat(c.frames).hasSize(1);
        assertThat(c.frames.get(0).hex()).isEqualTo(IPERL);
        assertThat(c.frames.get(0).rssi()).isEqualTo(-94);
        // transparent mode: L counts the RSSI byte
        Collector t = new Collector();
        FrameParser tp = Amb8465.parser("rx2", t, CLOCK, true, true);
        tp.feed(hex("19" + IPERL.substring(2) + "10"));
        assertThat(t.frames).hasSize(1);
        assertThat(t.frames.get(0).hex()).isEqualTo(IPERL);
        assertThat(t.frames.get(0).rssi()).isEqualTo(-66);
        // set-mode confirmation
        tp.feed(Amb8465.command(0x84, new byte[] {0}, null));
        assertThat(t.responses).hasSize(1);
    }

    @Test
    void resynchronisesAfterGarbageAndDropsBadChecksums() {
        byte[] good = Im871a.indication(hex(IPERL), 0x80, true);
        byte[] bad = good.clone();
        bad[10] ^= 0x01;
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.writeBytes(hex("00 11 A5 A5 FF 02 A5 07")); // garbage, incl. start bytes with invalid headers
        s.writeBytes(good);
        s.writeBytes(bad);
        s.writeBytes(hex("13 37"));
        s.writeBytes(good);
        Collector c = new Collector();
        FrameParser p = Im871a.parser("rx1", c, CLOCK);
        p.feed(s.toByteArray());
        p.end();
        assertThat(c.frames).hasSize(2);
        assertThat(c.kinds()).contains(FramingException.Kind.GARBAGE, FramingException.Kind.CHECKSUM);

        byte[] aGood = Amb8465.dataIndication(hex(IPERL), 0x20);
        byte[] aBad = aGood.clone();
        aBad[8] ^= 0x40;
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        a.writeBytes(hex("01 02 03 FF"));
        a.writeBytes(aGood);
        a.writeBytes(aBad);
        a.writeBytes(hex("FE"));
        a.writeBytes(aGood);
        Collector ca = new Collector();
        FrameParser pa = Amb8465.parser("rx2", ca, CLOCK, true, false);
        pa.feed(a.toByteArray());
        pa.end();
        assertThat(ca.frames).hasSize(2);
        assertThat(ca.kinds()).contains(FramingException.Kind.GARBAGE, FramingException.Kind.CHECKSUM);
    }

    @Test
    void truncatedMessagesAreTypedErrors() {
        byte[] good = Im871a.indication(hex(IPERL), 0x80, true);
        for (int cut = 1; cut < good.length; cut++) {
            Collector c = new Collector();
            FrameParser p = Im871a.parser("rx1", c, CLOCK);
            p.feed(good, 0, cut);
            p.end();
            assertThat(c.frames).isEmpty();
            assertThat(c.kinds()).containsExactly(FramingException.Kind.TRUNCATED);
            p.feed(good); // the parser is usable afterwards
            assertThat(c.frames).hasSize(1);
        }
        byte[] amb = Amb8465.dataIndication(hex(IPERL), 0x20);
        Collector c = new Collector();
        FrameParser p = Amb8465.parser("rx2", c, CLOCK, true, false);
        p.feed(amb, 0, amb.length - 1);
        p.end();
        assertThat(c.kinds()).containsExactly(FramingException.Kind.TRUNCATED);
    }

    @Test
    void hexLinesPlainWithRssiAndRtlWmbus() {
        Collector c = new Collector();
        FrameParser p = HexLines.parser("rx3", c, CLOCK, FrameFormat.AUTO);
        String feed = "# comment\r\n" + IPERL + "\r\n"
                + "0x" + IPERL.toLowerCase() + ";-71\n"
                + "T1;1;1;2019-04-03 19:00:42.000;97;148;33225544;0x" + IPERL + "\n"
                + "T1;0;0;2019-04-03 19:00:42.000;97;148;33225544;0x" + IPERL + "\n"
                + "18 44 ZZ\n"
                + "1844;x\n"
                + "1844AE\n"
                + "A".repeat(3000) + "\n"
                + "\n"
                + IPERL; // no newline at the end: delivered at end of stream
        byte[] bytes = feed.getBytes(StandardCharsets.US_ASCII);
        p.feed(bytes, 0, 100);
        p.feed(bytes, 100, bytes.length - 100);
        p.end();
        assertThat(c.frames).extracting(ReceivedFrame::rssi).containsExactly(null, -71, 97, null);
        assertThat(c.frames).extracting(ReceivedFrame::hex).containsOnly(IPERL);
        assertThat(c.frames.get(2).format()).isEqualTo(FrameFormat.NO_CRC);
        assertThat(c.kinds()).containsExactly(FramingException.Kind.BAD_LINE, FramingException.Kind.BAD_LINE,
                FramingException.Kind.BAD_LINE, FramingException.Kind.BAD_LINE, FramingException.Kind.TOO_LONG);
        assertThat(c.errors.get(0).getMessage()).contains("line 5", "CRC");
        assertThat(c.errors.get(1).getMessage()).contains("line 6", "not hex");
        assertThat(c.errors.get(2).getMessage()).contains("line 7", "RSSI");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
