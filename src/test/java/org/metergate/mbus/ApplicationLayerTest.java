package org.metergate.mbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApplicationLayerTest {
    static final String HEADER = "78 56 34 12 93 15 01 07 2A 00 00 00"; // id 12345678, ELS, v1, water

    /** A CI 72 RSP_UD with the given record bytes. */
    static byte[] rsp(String records) {
        byte[] data = Bytes.ofHex(HEADER + records).toArray();
        return FrameCodec.encode(new Frame.LongFrame(0x08, 5, 0x72, Bytes.of(data)));
    }

    static DataRecord one(String records) throws MbusDecodeException {
        Telegram t = TelegramDecoder.decode(rsp(records));
        assertThat(t.records()).hasSize(1);
        return t.records().get(0);
    }

    static BigDecimal num(DataRecord r) {
        return ((MbusValue.Numeric) r.value()).value();
    }

    @Test
    void headerFields() throws Exception {
        Telegram t = TelegramDecoder.decode(rsp("0C 13 21 43 65 00"));
        Header h = t.header();
        assertThat(h.id()).isEqualTo("12345678");
        assertThat(h.manufacturer()).isEqualTo(Manufacturer.decode(0x1593));
        assertThat(Manufacturer.encode(h.manufacturer())).isEqualTo(0x1593);
        assertThat(Manufacturer.decode(Manufacturer.encode("ACW"))).isEqualTo("ACW");
        assertThat(h.version()).isEqualTo(1);
        assertThat(h.mediumName()).isEqualTo("Water");
        assertThat(h.accessNumber()).isEqualTo(0x2A);
        assertThat(t.a()).isEqualTo(5);
        assertThat(t.ci()).isEqualTo(0x72);
    }

    @Test
    void integerTypesAreSignedAndExact() throws Exception {
        assertThat(num(one("01 13 FF"))).isEqualByComparingTo("-0.001");
        assertThat(num(one("02 13 39 30"))).isEqualByComparingTo("12.345");
        assertThat(num(one("03 06 01 00 80"))).isEqualByComparingTo("-8388607000");
        assertThat(num(one("04 13 31 D4 00 00"))).isEqualByComparingTo("54.321");
        assertThat(num(one("06 03 FF FF FF FF FF 7F"))).isEqualByComparingTo("140737488355327");
        assertThat(num(one("07 03 FF FF FF FF FF FF FF 7F"))).isEqualByComparingTo(String.valueOf(Long.MAX_VALUE));
    }

    @Test
    void bcdIncludingNegativeAndTwelveDigits() throws Exception {
        assertThat(num(one("0C 13 21 43 65 87"))).isEqualByComparingTo("87654.321");
        assertThat(num(one("0C 13 21 43 65 F7"))).isEqualByComparingTo("-7654.321");
        assertThat(num(one("0E 03 56 34 12 90 78 56"))).isEqualByComparingTo("567890123456");
        assertThat(num(one("09 13 99"))).isEqualByComparingTo("0.099");
        assertThat(one("0A 13 BD 0A").value()).isEqualTo(new MbusValue.Text("0ABD"));
    }

    @Test
    void real32IsTheExactDecimalOfTheFloat() throws Exception {
        assertThat(num(one("05 5B 00 00 B8 42"))).isEqualByComparingTo("92");
        // 0.1f is 0.100000001490116119384765625 exactly; no double or float rounding on the way
        assertThat(num(one("05 2B CD CC CC 3D"))).isEqualByComparingTo("0.100000001490116119384765625");
        assertThat(one("05 2B 00 00 C0 7F").value()).isEqualTo(new MbusValue.Text("NaN"));
    }

    @Test
    void variableLengthTextBcdAndBinary() throws Exception {
        assertThat(one("0D FD 0B 06 35 33 32 44 56 52").value()).isEqualTo(new MbusValue.Text("RVD235"));
        assertThat(num(one("0D 13 C2 34 12"))).isEqualByComparingTo("1.234");
        assertThat(num(one("0D 13 D2 34 12"))).isEqualByComparingTo("-1.234");
        assertThat(one("0D FD 16 E3 01 02 03").value()).isEqualTo(new MbusValue.Binary(Bytes.ofHex("030201")));
        assertThatThrownBy(() -> one("0D 13 F8 00")).isInstanceOf(MbusDecodeException.class).hasMessageContaining("reserved LVAR");
        assertThatThrownBy(() -> one("0D 13 05 41")).isInstanceOf(MbusDecodeException.class).hasMessageContaining("LVAR text");
    }

    @Test
    void dateAndTimeTypes() throws Exception {
        assertThat(one("42 6C DF 1C").value()).isEqualTo(new MbusValue.Date(2014, 12, 31));
        assertThat(one("04 6D 0B 0B CD 13").value())
                .isEqualTo(new MbusValue.DateTime(2014, 3, 13, 11, 11, -1, false, false));
        MbusValue.DateTime invalid = (MbusValue.DateTime) one("04 6D A1 15 E9 17").value();
        assertThat(invalid.invalid()).isTrue();
        assertThat(invalid.text()).isEqualTo("2015-07-09T21:33:00");
        assertThat(one("06 6D 1E 0B 0B CD 13 00").value())
                .isEqualTo(new MbusValue.DateTime(2014, 3, 13, 11, 11, 30, false, false));
        assertThat(one("03 6D 1E 0B 0B").value()).isEqualTo(new MbusValue.TimeOfDay(11, 11, 30));
        // type F: the SU bit is bit 7 of the hour byte
        assertThat(((MbusValue.DateTime) one("04 6D 0B 8B CD 13").value()).summerTime()).isTrue();
        assertThat(one("02 FD 30 DF 1C").value()).isEqualTo(new MbusValue.Date(2014, 12, 31));
    }

    @Test
    void typeIKeepsItsCalendarAndDaylightSavingFields() throws Exception {
        // 2024-02-29 (a Thursday, ISO week 9) 14:05:59, daylight-saving time, deviation +1 h, leap year:
        // byte 0 LY|DST|second, 1 IV|sign|minute, 2 day of week|hour, 3 year low|day, 4 year high|month, 5 deviation|week
        MbusValue.DateTime t = (MbusValue.DateTime) one("06 6D FB 45 8E 1D 32 49").value();
        assertThat(t).isEqualTo(new MbusValue.DateTime(2024, 2, 29, 14, 5, 59, false, true,
                new MbusValue.Calendar(4, 9, true, 1)));
        assertThat(t.text()).isEqualTo("2024-02-29T14:05:59");
        assertThat(t.flags()).isEqualTo("summer time, Thursday, week 9, leap year, daylight-saving deviation +1 h");
        // the deviation sign bit clear means a negative deviation; the day-of-week bits are not summer time
        MbusValue.DateTime minus = (MbusValue.DateTime) one("06 6D 3B 05 4E 1D 32 89").value();
        assertThat(minus.summerTime()).isFalse();
        assertThat(minus.calendar()).isEqualTo(new MbusValue.Calendar(2, 9, false, -2));
        // no calendar fields set: the same value a type F date would give
        assertThat(((MbusValue.DateTime) one("06 6D 1E 0B 0B CD 13 00").value()).calendar())
                .isSameAs(MbusValue.Calendar.NONE);
    }

    @Test
    void difeChainGivesStorageTariffSubunit() throws Exception {
        DataRecord r = one("C4 D3 2A 13 01 00 00 00");
        assertThat(r.storage()).isEqualTo(1 + (3 << 1) + (10 << 5));
        assertThat(r.tariff()).isEqualTo(1 + (2 << 2));
        assertThat(r.subunit()).isEqualTo(1);
        assertThat(r.dib()).isEqualTo(Bytes.ofHex("C4D32A"));
        assertThat(r.vib()).isEqualTo(Bytes.ofHex("13"));
        assertThat(r.raw()).isEqualTo(Bytes.ofHex("C4D32A1301000000"));
        assertThat(one("12 13 01 00").function()).isEqualTo(Function.MAXIMUM);
        assertThat(one("22 13 01 00").function()).isEqualTo(Function.MINIMUM);
        assertThat(one("32 13 01 00").function()).isEqualTo(Function.ERROR);
    }

    @Test
    void primaryVifsScaleIntoSiUnits() throws Exception {
        DataRecord e = one("04 06 23 00 00 00");
        assertThat(e.quantity()).isEqualTo("Energy");
        assertThat(e.unit()).isEqualTo("Wh");
        assertThat(num(e)).isEqualByComparingTo("35000");
        DataRecord hours = one("02 22 02 00");
        assertThat(hours.unit()).isEqualTo("s");
        assertThat(num(hours)).isEqualByComparingTo("7200");
        assertThat(one("02 5A 55 07").unit()).isEqualTo("°C");
        assertThat(num(one("02 5A 55 07"))).isEqualByComparingTo("187.7");
        assertThat(num(one("02 4B 01 00"))).isEqualByComparingTo("0.000001");
        assertThat(one("01 7A 05").quantity()).isEqualTo("Bus address");
    }

    @Test
    void extensionTablesFdAndFb() throws Exception {
        DataRecord v = one("02 FD 48 E8 03");
        assertThat(v.quantity()).isEqualTo("Voltage");
        assertThat(num(v)).isEqualByComparingTo("100");
        DataRecord a = one("02 FD 59 10 00");
        assertThat(a.unit()).isEqualTo("A");
        assertThat(num(a)).isEqualByComparingTo("0.016");
        DataRecord mwh = one("02 FB 00 05 00");
        assertThat(mwh.unit()).isEqualTo("Wh");
        assertThat(num(mwh)).isEqualByComparingTo("500000");
        assertThat(one("01 FD 0E 02").quantity()).isEqualTo("Firmware version");
        assertThat(one("02 FD 74 0A 00").quantity()).isEqualTo("Remaining battery life time");
        assertThat(num(one("02 FD 74 0A 00"))).isEqualByComparingTo("864000");
    }

    @Test
    void vifeAnnotationsCorrectionsAndErrorCodes() throws Exception {
        DataRecord r = one("04 93 3B 01 00 00 00");
        assertThat(r.annotations()).containsExactly("accumulation only if positive");
        DataRecord c = one("02 FC 03 48 52 25 74 D4 11");
        assertThat(c.unit()).isEqualTo("%RH");
        assertThat(num(c)).isEqualByComparingTo("45.64");
        assertThat(num(one("02 93 7D 01 00"))).isEqualByComparingTo("1");
        DataRecord err = one("04 93 95 18 00 00 00 00");
        assertThat(err.annotations()).containsExactly("error: no data available (undefined value)", "error: data error");
        DataRecord m = one("04 FF 81 02 01 00 00 00");
        assertThat(m.quantity()).isEqualTo("Manufacturer specific");
        DataRecord mv = one("04 93 FF 85 01 01 00 00 00");
        assertThat(mv.annotations()).containsExactly("manufacturer specific");
    }

    @Test
    void unknownCodesDecodeAsUnknownNeverCrash() throws Exception {
        assertThat(one("02 6F 01 00").quantity()).isEqualTo("unknown VIF 0x6F");
        assertThat(one("02 FD 7C 01 00").quantity()).isEqualTo("unknown VIF 0xFD 0x7C");
        assertThat(one("02 FB 40 01 00").quantity()).isEqualTo("unknown VIF 0xFB 0x40");
        assertThat(one("0C 7B 02 03 00 00").quantity()).isEqualTo("unknown VIF 0x7B");
        assertThat(one("02 93 4C 01 00").annotations()).containsExactly("unknown VIFE 0x4C");
    }

    @Test
    void fillerManufacturerDataAndMoreRecordsFollow() throws Exception {
        Telegram t = TelegramDecoder.decode(rsp("2F 2F 01 13 01 2F 1F 01 02 03"));
        assertThat(t.records()).hasSize(2);
        assertThat(t.moreRecordsFollow()).isTrue();
        DataRecord m = t.records().get(1);
        assertThat(m.function()).isEqualTo(Function.MORE_RECORDS_FOLLOW);
        assertThat(m.value()).isEqualTo(new MbusValue.Binary(Bytes.ofHex("010203")));
        Telegram t2 = TelegramDecoder.decode(rsp("0F AA"));
        assertThat(t2.moreRecordsFollow()).isFalse();
        assertThat(t2.records().get(0).function()).isEqualTo(Function.MANUFACTURER_SPECIFIC);
        assertThatThrownBy(() -> TelegramDecoder.decode(rsp("3F"))).hasMessageContaining("reserved special function");
    }

    @Test
    void limitsOfTenDifesAndVifes() throws Exception {
        assertThat(one("84 80 80 80 80 80 80 80 80 80 00 13 01 00 00 00").storage()).isZero();
        assertThatThrownBy(() -> one("84 80 80 80 80 80 80 80 80 80 80 00 13 01 00 00 00"))
                .hasMessageContaining("more than 10 DIFEs");
        assertThat(one("01 93 BB BB BB BB BB BB BB BB BB 3B 01").annotations()).hasSize(10);
        assertThatThrownBy(() -> one("01 93 BB BB BB BB BB BB BB BB BB BB 3B 01"))
                .hasMessageContaining("more than 10 VIFEs");
    }

    @Test
    void otherCiFields() throws Exception {
        Telegram err = TelegramDecoder.decode(Bytes.ofHex("68 03 03 68 08 01 70 79 16").toArray());
        assertThat(err.error()).isEqualTo(new ApplicationError(-1, "Unspecified error"));
        assertThat(ApplicationError.of(0x42).description()).contains("0x42");
        // 7A short header: access number, status, signature; no id
        byte[] shortHeader = FrameCodec.encode(new Frame.LongFrame(0x08, 1, 0x7A, Bytes.ofHex("2A 04 00 00 02 13 01 00")));
        Telegram s = TelegramDecoder.decode(shortHeader);
        assertThat(s.header().id()).isNull();
        assertThat(s.header().accessNumber()).isEqualTo(0x2A);
        assertThat(s.header().powerLow()).isTrue();
        assertThat(s.records()).hasSize(1);
        // 76: data most significant byte first
        byte[] msb = FrameCodec.encode(new Frame.LongFrame(0x08, 1, 0x76,
                Bytes.ofHex("12 34 56 78 15 93 01 07 2A 00 00 00 02 13 01 02")));
        Telegram m = TelegramDecoder.decode(msb);
        assertThat(m.header().id()).isEqualTo("12345678");
        assertThat(num(m.records().get(0))).isEqualByComparingTo("0.258");
        // fixed structure with binary counters (status bit 7)
        byte[] fixed = FrameCodec.encode(new Frame.LongFrame(0x08, 1, 0x73,
                Bytes.ofHex("78 56 34 12 0A 80 E9 7E 01 00 00 00 35 01 00 00")));
        Telegram f = TelegramDecoder.decode(fixed);
        assertThat(f.header().mediumName()).isEqualTo("Water");
        assertThat(num(f.records().get(0))).isEqualByComparingTo("0.001");
        assertThat(num(f.records().get(1))).isEqualByComparingTo("0.309");
        assertThat(f.records().get(1).storage()).isEqualTo(1);
        assertThatThrownBy(() -> TelegramDecoder.decode(MasterRequests.changePrimaryAddress(1, 2)))
                .hasMessageContaining("unsupported CI field 0x51 at byte 6");
        assertThatThrownBy(() -> TelegramDecoder.decode(new Frame.Ack())).isInstanceOf(MbusDecodeException.class);
    }

    @Test
    void encoderBuildsRspUdThatDecodesBack() throws Exception {
        Header h = TelegramEncoder.header("11490378", "ACW", 14, 0x16, 10, 0);
        List<DataRecord> recs = List.of(
                DataRecord.of(Function.INSTANTANEOUS, 0, 0, 0, DataCoding.BCD8, Bytes.ofHex("13"),
                        new MbusValue.Numeric(new BigDecimal("54.321"))),
                DataRecord.of(Function.INSTANTANEOUS, 1, 0, 0, DataCoding.INT16, Bytes.ofHex("6C"),
                        new MbusValue.Date(2014, 12, 31)),
                DataRecord.of(Function.MAXIMUM, 0, 2, 1, DataCoding.REAL32, Bytes.ofHex("2B"),
                        new MbusValue.Numeric(new BigDecimal("1.5"))));
        Telegram t = TelegramDecoder.decode(TelegramEncoder.rspUd(1, h, recs));
        assertThat(t.records()).isEqualTo(recs);
        assertThat(t.header().id()).isEqualTo("11490378");
        assertThat(recs.get(0).raw()).isEqualTo(Bytes.ofHex("0C1321430500"));
        assertThatThrownBy(() -> DataRecord.of(Function.INSTANTANEOUS, 0, 0, 0, DataCoding.INT8, Bytes.ofHex("13"),
                new MbusValue.Numeric(new BigDecimal("0.0005")))).isInstanceOf(MbusEncodeException.class);
        assertThatThrownBy(() -> DataRecord.of(Function.INSTANTANEOUS, 0, 0, 0, DataCoding.INT8, Bytes.ofHex("13"),
                new MbusValue.Numeric(new BigDecimal("1")))).isInstanceOf(MbusEncodeException.class);
    }

    @Test
    void multiTelegramReadoutIsMerged() throws Exception {
        Header h = TelegramEncoder.header("11490378", "ACW", 14, 0x16, 10, 0);
        List<DataRecord> recs = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            recs.add(DataRecord.of(Function.INSTANTANEOUS, i, 0, 0, DataCoding.INT32, Bytes.ofHex("13"),
                    new MbusValue.Numeric(BigDecimal.valueOf(i, 3))));
        }
        List<byte[]> frames = TelegramEncoder.rspUdSequence(1, h, recs);
        assertThat(frames.size()).isGreaterThan(1);
        List<Telegram> telegrams = new java.util.ArrayList<>();
        for (byte[] f : frames) {
            telegrams.add(TelegramDecoder.decode(f));
        }
        assertThat(telegrams.get(0).moreRecordsFollow()).isTrue();
        MeterReadout all = MeterReadout.merge(telegrams);
        assertThat(all.records()).isEqualTo(recs);
        assertThat(all.complete()).isTrue();
        assertThat(all.telegrams()).isEqualTo(frames.size());
        assertThat(all.header().accessNumber()).isEqualTo(10 + frames.size() - 1);
        assertThat(MeterReadout.merge(telegrams.subList(0, 1)).complete()).isFalse();
        Telegram other = TelegramDecoder.decode(rsp("01 13 01"));
        assertThatThrownBy(() -> MeterReadout.merge(List.of(telegrams.get(0), other)))
                .isInstanceOf(MbusDecodeException.class).hasMessageContaining("from meter");
    }
}
