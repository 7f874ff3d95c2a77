package org.metergate.mbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Frames typed by hand with "checksum auto" (SPEC A8) come out as the master's own encoder writes them. */
class RawFramesTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void shortAndLongFramesGetTheChecksumAndStopByteTheEncoderWrites() throws Exception {
        assertThat(RawFrames.withChecksum(hex("10 40 05"))).isEqualTo(MasterRequests.sndNke(5));
        assertThat(RawFrames.withChecksum(hex("10 7B FD"))).isEqualTo(MasterRequests.reqUd2(0xFD, true));
        assertThat(RawFrames.withChecksum(hex("68 06 06 68 53 07 51 01 7A 2A")))
                .isEqualTo(MasterRequests.sndUd(7, false, 0x51, new byte[] {0x01, 0x7A, 0x2A}));
        assertThat(RawFrames.withChecksum(hex("68 03 03 68 53 07 50"))).isEqualTo(MasterRequests.applicationReset(7, false));
        // a whole frame with a wrong checksum has it replaced
        assertThat(RawFrames.withChecksum(hex("10 40 05 00 16"))).isEqualTo(MasterRequests.sndNke(5));
    }

    @Test
    void whatCannotBeCompletedIsNamed() {
        assertThatThrownBy(() -> RawFrames.withChecksum(hex("10 40"))).hasMessageStartingWith("frame has 2 bytes; with checksum auto give 3");
        assertThatThrownBy(() -> RawFrames.withChecksum(hex("68 05 06 68 53 07 51 01")))
                .hasMessageStartingWith("length bytes differ (5 and 6)");
        assertThatThrownBy(() -> RawFrames.withChecksum(hex("68 06 06 68 53 07 51")))
                .hasMessageContaining("the L field 6 counts C, A, CI and the data");
        assertThatThrownBy(() -> RawFrames.withChecksum(hex("E5"))).hasMessageContaining("a master sends short (10) or long (68)");
        assertThatThrownBy(() -> RawFrames.withChecksum(new byte[0])).hasMessageStartingWith("empty frame");
    }
}
