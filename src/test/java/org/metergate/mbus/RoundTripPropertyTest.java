package org.metergate.mbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: decode(encode(x)) == x for random record lists, with fixed seeds so a failure is
 * reproducible. Plain JUnit + java.util.Random: no property-testing dependency needed.
 */
class RoundTripPropertyTest {

    /** VIBs covering every table: primary codes, FD/FB extensions, VIFE chains, plain text. */
    static final List<Bytes> VIBS = new ArrayList<>();

    static {
        for (int c = 0; c < 0x7B; c++) {
            VIBS.add(Bytes.of((byte) c));
        }
        VIBS.add(Bytes.ofHex("7E"));
        VIBS.add(Bytes.ofHex("7F"));
        for (int c = 0; c < 0x80; c++) {
            VIBS.add(Bytes.of((byte) 0xFD, (byte) c));
            VIBS.add(Bytes.of((byte) 0xFB, (byte) c));
        }
        VIBS.add(Bytes.ofHex("93 3B"));
        VIBS.add(Bytes.ofHex("93 F4 3C"));
        VIBS.add(Bytes.ofHex("86 7D"));
        VIBS.add(Bytes.ofHex("FD C8 74"));
        VIBS.add(Bytes.ofHex("EC 7E"));
        VIBS.add(Bytes.ofHex("FC 03 48 52 25 74"));
        VIBS.add(Bytes.ofHex("7C 01 43"));
        VIBS.add(Bytes.ofHex("FF 81 02"));
        VIBS.add(Bytes.ofHex("93 FF 05"));
        VIBS.add(Bytes.ofHex("7B"));
    }

    static final DataCoding[] CODINGS = {DataCoding.NONE, DataCoding.INT8, DataCoding.INT16, DataCoding.INT24,
        DataCoding.INT32, DataCoding.REAL32, DataCoding.INT48, DataCoding.INT64, DataCoding.SELECTION_FOR_READOUT,
        DataCoding.BCD2, DataCoding.BCD4, DataCoding.BCD6, DataCoding.BCD8, DataCoding.VARIABLE, DataCoding.BCD12};

    record Generated(DataRecord record, MbusValue value) {
    }

    static Generated randomRecord(Random rnd) throws MbusDecodeException {
        Bytes vib = VIBS.get(rnd.nextInt(VIBS.size()));
        DataCoding coding = CODINGS[rnd.nextInt(CODINGS.length)];
        VifInfo info = TelegramDecoder.parseVib(vib).info();
        MbusValue v = randomValue(rnd, coding, info);
        Function f = Function.values()[rnd.nextInt(4)];
        long storage = rnd.nextInt(4) == 0 ? rnd.nextLong() & ((1L << 41) - 1) : rnd.nextInt(16);
        int tariff = rnd.nextInt(4) == 0 ? rnd.nextInt(1 << 20) : rnd.nextInt(3);
        int subunit = rnd.nextInt(4) == 0 ? rnd.nextInt(1 << 10) : rnd.nextInt(2);
        return new Generated(DataRecord.of(f, storage, tariff, subunit, coding, vib, v), v);
    }

    static MbusValue randomValue(Random rnd, DataCoding coding, VifInfo info) {
        int n = coding.size();
        switch (coding) {
            case NONE, SELECTION_FOR_READOUT -> {
                return new MbusValue.None();
            }
            case REAL32 -> {
                float f;
                do {
                    f = Float.intBitsToFloat(rnd.nextInt());
                } while (Float.isNaN(f) || Float.isInfinite(f));
                return new MbusValue.Numeric(info.scale(new BigDecimal(f)));
            }
            case VARIABLE -> {
                switch (rnd.nextInt(3)) {
                    case 0 -> {
                        char[] c = new char[rnd.nextInt(40)];
                        for (int i = 0; i < c.length; i++) {
                            c[i] = (char) (0x20 + rnd.nextInt(0xE0));
                        }
                        return new MbusValue.Text(new String(c));
                    }
                    case 1 -> {
                        int[] sizes = {0, 1, 5, 15, 16, 20, 24, 28, 32, 48, 64};
                        byte[] b = new byte[sizes[rnd.nextInt(sizes.length)]];
                        rnd.nextBytes(b);
                        return new MbusValue.Binary(Bytes.of(b));
                    }
                    default -> {
                        long raw = rnd.nextLong() % 1_000_000_000_000_000_000L;
                        return new MbusValue.Numeric(info.scale(raw));
                    }
                }
            }
            default -> {
            }
        }
        if (info.timePoint() && coding.isInteger() && n != 1 && n != 8) {
            return switch (n) {
                case 2 -> new MbusValue.Date(1981 + rnd.nextInt(100), rnd.nextInt(16), rnd.nextInt(32));
                case 3 -> new MbusValue.TimeOfDay(rnd.nextInt(24), rnd.nextInt(60), rnd.nextInt(60));
                case 4 -> new MbusValue.DateTime(1981 + rnd.nextInt(219), 1 + rnd.nextInt(12), 1 + rnd.nextInt(31),
                        rnd.nextInt(24), rnd.nextInt(60), -1, rnd.nextBoolean(), rnd.nextBoolean());
                default -> new MbusValue.DateTime(1981 + rnd.nextInt(100), 1 + rnd.nextInt(12), 1 + rnd.nextInt(31),
                        rnd.nextInt(24), rnd.nextInt(60), rnd.nextInt(60), rnd.nextBoolean(), rnd.nextBoolean(),
                        rnd.nextBoolean() ? MbusValue.Calendar.NONE : new MbusValue.Calendar(rnd.nextInt(8),
                                rnd.nextInt(54), rnd.nextBoolean(), rnd.nextInt(7) - 3));
            };
        }
        if (coding.isBcd()) {
            long max = 1;
            for (int i = 0; i < 2 * n - 1; i++) {
                max *= 10;
            }
            long raw = Math.floorMod(rnd.nextLong(), max * 10);
            if (rnd.nextInt(4) == 0) {
                raw = -Math.floorMod(rnd.nextLong(), max); // negative BCD: one digit less
            }
            return new MbusValue.Numeric(info.scale(raw));
        }
        long raw = rnd.nextLong();
        if (n < 8) {
            raw = raw >> (64 - 8 * n); // sign-extended random of n bytes
        }
        return new MbusValue.Numeric(info.scale(raw));
    }

    @Test
    void decodeOfEncodeIsIdentityForRandomTelegrams() throws Exception {
        Random rnd = new Random(20261125L);
        int telegrams = 0;
        for (int round = 0; round < 2000; round++) {
            List<DataRecord> records = new ArrayList<>();
            int count = 1 + rnd.nextInt(40);
            for (int i = 0; i < count; i++) {
                Generated g = randomRecord(rnd);
                assertThat(g.record().value()).isEqualTo(g.value());
                records.add(g.record());
            }
            String id = String.format("%08d", rnd.nextInt(100_000_000));
            Header h = TelegramEncoder.header(id, "ABC", rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256), 0);
            List<byte[]> frames = TelegramEncoder.rspUdSequence(1 + rnd.nextInt(250), h, records);
            List<Telegram> decoded = new ArrayList<>();
            for (byte[] f : frames) {
                decoded.add(TelegramDecoder.decode(f));
            }
            telegrams += frames.size();
            MeterReadout r = MeterReadout.merge(decoded);
            assertThat(r.records()).as("seed 20261125, round %d", round).isEqualTo(records);
            assertThat(r.header().id()).isEqualTo(id);
        }
        assertThat(telegrams).isGreaterThan(2000);
    }

    @Test
    void corpusFramesReEncodeToTheSameBytes() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Corpus.present());
        int n = 0;
        int identical = 0;
        for (byte[] frame : Corpus.testFrames()) {
            Telegram t = TelegramDecoder.decode(frame);
            if (t.ci() != 0x72) {
                continue;
            }
            n++;
            byte[] again = TelegramEncoder.rspUd(t.c(), t.a(), t.header(), t.records());
            assertThat(TelegramDecoder.decode(again)).isEqualTo(t);
            if (again.length == frame.length) {
                // only idle fillers (2Fh), which are not records, are not re-encoded
                assertThat(Hex.format(again)).isEqualTo(Hex.format(frame));
                identical++;
            }
        }
        assertThat(n).isEqualTo(74);
        assertThat(identical).isGreaterThan(60);
    }

    @Test
    void manyRandomRecordsRoundTripAlone() throws Exception {
        Random rnd = new Random(7);
        for (int i = 0; i < 50_000; i++) {
            Generated g = randomRecord(rnd);
            Telegram t = TelegramDecoder.decode(TelegramEncoder.rspUd(1,
                    TelegramEncoder.header("00000001", "ABC", 1, 7, 0, 0), List.of(g.record())));
            assertThat(t.records()).containsExactly(g.record());
        }
    }
}
