package org.metergate.wmbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.metergate.mbus.DataRecord;

/**
 * decode(encode(x)) == x for random meters, records, access numbers, security modes 0/5/7 and frame
 * formats A, B and without CRCs; and a wrong key never decodes.
 */
class EncoderPropertyTest {

    /** Valid EN 13757-3 records of every common data coding (value bytes randomised below). */
    private static final List<String> RECORD_HEADS = List.of("0C13", "0413", "0C06", "04FB0D", "02FD17", "426C",
            "046D", "0B3B", "0A5A", "0A5E", "4413", "8401FB0D", "01FD1B", "0F");

    @Test
    void decodeOfEncodeIsIdentityForRandomTelegrams() throws Exception {
        Random r = new Random(42);
        int mode7 = 0;
        for (int run = 0; run < 2000; run++) {
            MeterId meter = new MeterId(0x0400 + r.nextInt(0x7000), randomBcd(r), r.nextInt(256), pick(r, 2, 3, 4, 6, 7, 8));
            int mode = pick(r, 0, 5, 7);
            FrameFormat format = FrameFormat.values()[r.nextInt(3)];
            byte[] key = new byte[16];
            r.nextBytes(key);
            byte[] records = records(r);
            int access = r.nextInt(256);
            long counter = r.nextInt() & 0xFFFFFFFFL;
            WmbusEncoder.Plan plan = new WmbusEncoder.Plan(0x44, meter, access, r.nextInt(4) == 0 ? 0x04 : 0, mode,
                    mode == 0 ? null : key, counter, records, format);
            byte[] frame = WmbusEncoder.encode(plan);

            WmbusTelegram t = new WmbusDecoder(KeyLookup.single(key)).decode(frame, r.nextBoolean() ? format
                    : FrameFormat.AUTO, -60);
            assertThat(t.meter()).isEqualTo(meter);
            assertThat(t.securityMode()).isEqualTo(mode);
            assertThat(t.accessNumber()).isEqualTo(access);
            assertThat(t.link().c()).isEqualTo(0x44);
            assertThat(t.telegram().header().status()).isEqualTo(plan.status());
            assertThat(rawRecords(t.telegram().records())).as("run %d", run).isEqualTo(records);
            if (mode == 7) {
                mode7++;
                assertThat(t.afl().macVerified()).isTrue();
                assertThat(t.afl().messageCounter()).isEqualTo(counter);
            }
            assertThat(WmbusFrames.canonical(frame, format)).isEqualTo(WmbusFrames.canonical(
                    WmbusEncoder.encode(withFormat(plan, FrameFormat.NO_CRC)), FrameFormat.NO_CRC));

            if (mode != 0) {
                byte[] wrong = key.clone();
                wrong[r.nextInt(16)] ^= (byte) (1 + r.nextInt(255));
                assertThatThrownBy(() -> new WmbusDecoder(KeyLookup.single(wrong)).decode(frame, format))
                        .isInstanceOfSatisfying(WmbusException.class, e -> assertThat(e.reason())
                                .isIn(WmbusException.Reason.DECRYPTION_FAILED, WmbusException.Reason.APPLICATION));
                assertThatThrownBy(() -> new WmbusDecoder().decode(frame, format))
                        .isInstanceOfSatisfying(WmbusException.class,
                                e -> assertThat(e.reason()).isEqualTo(WmbusException.Reason.NO_KEY));
            }
        }
        assertThat(mode7).isGreaterThan(500);
    }

    @Test
    void formatBAboveOneBlockAndLimits() throws Exception {
        MeterId meter = MeterId.of("ELS", "12345678", 1, 7);
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            many.append("0C13").append(String.format("%08d", i));
        }
        byte[] records = CryptoTest.hex(many.toString());
        byte[] frame = WmbusEncoder.encode(WmbusEncoder.Plan.plain(meter, 1, records, FrameFormat.B));
        assertThat(frame.length).isGreaterThan(128);
        WmbusTelegram t = new WmbusDecoder().decode(frame, FrameFormat.B);
        assertThat(t.telegram().records()).hasSize(24);
        assertThatThrownBy(() -> new WmbusEncoder.Plan(0x44, meter, 1, 0, 6, new byte[16], 0, records, FrameFormat.A))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WmbusEncoder.Plan(0x44, meter, 1, 0, 5, null, 0, records, FrameFormat.A))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static WmbusEncoder.Plan withFormat(WmbusEncoder.Plan p, FrameFormat f) {
        return new WmbusEncoder.Plan(p.c(), p.meter(), p.accessNumber(), p.status(), p.securityMode(), p.key(),
                p.messageCounter(), p.records(), f);
    }

    private static byte[] records(Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = 1 + r.nextInt(8);
        for (int i = 0; i < n; i++) {
            String head = RECORD_HEADS.get(r.nextInt(RECORD_HEADS.size() - 1));
            byte[] h = CryptoTest.hex(head);
            out.writeBytes(h);
            int size = switch (h[0] & 0x0F) {
                case 1 -> 1;
                case 2 -> 2;
                case 3 -> 3;
                case 4 -> 4;
                case 6 -> 6;
                case 0x0A -> 2;
                case 0x0B -> 3;
                case 0x0C -> 4;
                default -> 0;
            };
            boolean bcd = (h[0] & 0x0F) >= 9;
            for (int k = 0; k < size; k++) {
                out.write(bcd ? (r.nextInt(10) << 4 | r.nextInt(10)) : r.nextInt(256));
            }
        }
        return out.toByteArray();
    }

    private static byte[] rawRecords(List<DataRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (DataRecord d : records) {
            out.writeBytes(d.dib().toArray());
            out.writeBytes(d.vib().toArray());
            out.writeBytes(d.data().toArray());
        }
        return out.toByteArray();
    }

    private static int randomBcd(Random r) {
        int v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 4 | r.nextInt(10);
        }
        return v;
    }

    private static int pick(Random r, int... values) {
        return values[r.nextInt(values.length)];
    }
}
