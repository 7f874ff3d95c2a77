package org.metergate.mbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkLayerTest {

    static byte[] hex(String s) {
        return Bytes.ofHex(s).toArray();
    }

    @Test
    void parsesAndEncodesAllFourFrameShapes() throws Exception {
        assertThat(FrameCodec.parse(hex("E5"))).isEqualTo(new Frame.Ack());
        assertThat(FrameCodec.parse(hex("10 5B 01 5C 16"))).isEqualTo(new Frame.ShortFrame(0x5B, 1));
        assertThat(FrameCodec.parse(hex("68 03 03 68 53 FE 50 A1 16"))).isEqualTo(new Frame.ControlFrame(0x53, 0xFE, 0x50));
        Frame l = FrameCodec.parse(hex("68 06 06 68 53 01 51 01 7A 05 25 16"));
        assertThat(l).isEqualTo(new Frame.LongFrame(0x53, 1, 0x51, Bytes.ofHex("017A05")));
        for (String f : List.of("E5", "10 5B 01 5C 16", "68 03 03 68 53 FE 50 A1 16", "68 06 06 68 53 01 51 01 7A 05 25 16")) {
            assertThat(FrameCodec.encode(FrameCodec.parse(hex(f)))).isEqualTo(hex(f));
        }
    }

    @Test
    void rejectsBadChecksumStopLengthAndTrailingBytes() {
        assertThatThrownBy(() -> FrameCodec.parse(hex("10 5B 01 5D 16"))).isInstanceOf(MbusDecodeException.class)
                .hasMessageContaining("checksum").hasMessageContaining("at byte 3");
        assertThatThrownBy(() -> FrameCodec.parse(hex("10 5B 01 5C 17"))).hasMessageContaining("stop byte");
        assertThatThrownBy(() -> FrameCodec.parse(hex("68 03 04 68 53 FE 50 A1 16"))).hasMessageContaining("length bytes differ");
        assertThatThrownBy(() -> FrameCodec.parse(hex("68 03 03 69 53 FE 50 A1 16"))).hasMessageContaining("second start byte");
        assertThatThrownBy(() -> FrameCodec.parse(hex("68 06 06 68 53 01 51 01"))).hasMessageContaining("truncated");
        assertThatThrownBy(() -> FrameCodec.parse(hex("E5 E5"))).hasMessageContaining("after the end");
        assertThatThrownBy(() -> FrameCodec.parse(hex("00"))).hasMessageContaining("unknown start byte");
        assertThatThrownBy(() -> FrameCodec.parse(new byte[0])).isInstanceOf(MbusDecodeException.class);
        assertThat(((MbusDecodeException) catchThrowable(() -> FrameCodec.parse(hex("10 5B 01 5D 16")))).offset()).isEqualTo(3);
    }

    private static Throwable catchThrowable(org.assertj.core.api.ThrowableAssert.ThrowingCallable c) {
        return org.assertj.core.api.Assertions.catchThrowable(c);
    }

    @Test
    void masterRequestsHaveTheStandardBytes() throws Exception {
        assertThat(MasterRequests.sndNke(1)).isEqualTo(hex("10 40 01 41 16"));
        assertThat(MasterRequests.reqUd2(1, false)).isEqualTo(hex("10 5B 01 5C 16"));
        assertThat(MasterRequests.reqUd2(1, true)).isEqualTo(hex("10 7B 01 7C 16"));
        assertThat(MasterRequests.selectSecondary(SecondaryAddress.ofId("12345678")))
                .isEqualTo(hex("68 0B 0B 68 53 FD 52 78 56 34 12 FF FF FF FF B2 16"));
        assertThat(MasterRequests.selectSecondary(SecondaryAddress.ofId("1234FFFF")))
                .isEqualTo(hex("68 0B 0B 68 53 FD 52 FF FF 34 12 FF FF FF FF E2 16"));
        assertThat(MasterRequests.changePrimaryAddress(1, 5)).isEqualTo(hex("68 06 06 68 53 01 51 01 7A 05 25 16"));
        assertThat(MasterRequests.applicationReset(0xFE, false)).isEqualTo(hex("68 03 03 68 53 FE 50 A1 16"));
        assertThat(SecondaryAddress.wildcard().encode()).containsOnly((byte) 0xFF);
        byte[] sel = new SecondaryAddress("11490378", Manufacturer.encode("ACW"), 14, 0x16).encode();
        assertThat(sel).isEqualTo(hex("78 03 49 11 77 04 0E 16"));
        assertThat(MasterRequests.raw(hex("10 40 FE 3E 16"))).isEqualTo(hex("10 40 FE 3E 16"));
        assertThatThrownBy(() -> MasterRequests.raw(hex("10 40 FE 3F 16"))).isInstanceOf(MbusDecodeException.class);
        assertThatThrownBy(() -> MasterRequests.changePrimaryAddress(1, 251)).isInstanceOf(IllegalArgumentException.class);
        assertThat(MasterRequests.switchBaudRate(1, 9600)).isEqualTo(FrameCodec.encode(new Frame.ControlFrame(0x53, 1, 0xBD)));
    }

    @Test
    void secondaryAddressOfADecodedHeaderSelectsThatMeter() throws Exception {
        Telegram t = TelegramDecoder.decode(hex("68 3C 3C 68 08 08 72 78 03 49 11 77 04 0E 16 0A 00 00 00 0C 78 78 03 49 11 "
                + "04 13 31 D4 00 00 42 6C 00 00 44 13 00 00 00 00 04 6D 0B 0B CD 13 02 27 00 00 09 FD 0E 02 09 FD 0F 06 "
                + "0F 00 01 75 13 D3 16"));
        byte[] sel = MasterRequests.selectSecondary(t.header().secondaryAddress());
        assertThat(Bytes.of(sel).slice(7, 8)).isEqualTo(Bytes.ofHex("78 03 49 11 77 04 0E 16"));
    }

    @Test
    void readerFindsFramesInGarbageEchoAndPieces() {
        byte[] rsp = hex("68 06 06 68 08 01 72 01 7A 05 FB 16"); // a slave's RSP_UD
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.writeBytes(hex("00 FF 68 68 10 16")); // noise, incl. fake start bytes
        s.writeBytes(MasterRequests.reqUd2(1, true)); // echo of our own request
        s.writeBytes(hex("E5"));
        s.writeBytes(hex("68 06 06 68 08 01 72 01 7A 05 FC 16")); // corrupted checksum
        s.writeBytes(rsp);
        byte[] stream = s.toByteArray();

        FrameReader r = new FrameReader(true);
        List<Frame> got = new ArrayList<>();
        for (byte b : stream) { // one byte at a time, as a slow serial line delivers
            got.addAll(r.feed(new byte[] {b}));
        }
        got.addAll(r.abandonPartial());
        // the corrupted frame is skipped byte by byte; the good frame right after it is found
        assertThat(got).containsExactly(new Frame.Ack(), new Frame.LongFrame(0x08, 1, 0x72, Bytes.ofHex("017A05")));
        assertThat(r.droppedEchoes()).isEqualTo(1);
        assertThat(r.discardedBytes()).isGreaterThanOrEqualTo(6 + 12);

        FrameReader all = new FrameReader();
        List<Frame> frames = new ArrayList<>(all.feed(stream));
        frames.addAll(all.abandonPartial());
        assertThat(frames).containsExactly(new Frame.ShortFrame(0x7B, 1), new Frame.Ack(),
                new Frame.LongFrame(0x08, 1, 0x72, Bytes.ofHex("017A05")));
    }

    @Test
    void readerKeepsAPartialFrameUntilTheRestArrives() {
        byte[] f = hex("68 06 06 68 08 01 72 01 7A 05 FB 16");
        FrameReader r = new FrameReader();
        assertThat(r.feed(f, 0, 7)).isEmpty();
        assertThat(r.pending()).isEqualTo(7);
        List<Frame> out = r.feed(f, 7, f.length - 7);
        assertThat(out).hasSize(1);
        assertThat(r.pending()).isZero();
        // a header that claims 255 bytes never completes: the timeout path drops it
        assertThat(r.feed(hex("68 FF FF 68 08 01 72"))).isEmpty();
        assertThat(r.abandonPartial()).isEmpty();
        assertThat(r.pending()).isZero();
    }

    @Test
    void fastChecksumEqualsTheByteSum() {
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < 10_000; i++) {
            byte[] b = new byte[rnd.nextInt(300)];
            rnd.nextBytes(b);
            int from = b.length == 0 ? 0 : rnd.nextInt(b.length);
            int count = b.length - from == 0 ? 0 : rnd.nextInt(b.length - from + 1);
            int naive = 0;
            for (int k = from; k < from + count; k++) {
                naive += b[k];
            }
            assertThat(FrameCodec.sum(b, from, count)).isEqualTo(naive & 0xFF);
        }
    }

    @Test
    void readerMemoryStaysBoundedOnEndlessNoise() {
        FrameReader r = new FrameReader();
        byte[] noise = new byte[100_000];
        new java.util.Random(1).nextBytes(noise);
        r.feed(noise);
        assertThat(r.pending()).isLessThanOrEqualTo(FrameCodec.MAX_FRAME);
    }
}
