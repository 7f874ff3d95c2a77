package org.metergate.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.metergate.mbus.Frame;
import org.metergate.mbus.FrameReader;

class UartOverlayTest {
    @Test
    void aSingleAnswerPassesUnchanged() {
        byte[] frame = {(byte) 0xE5, 0x10, 0x68, 0x00, (byte) 0xFF, 0x16};
        var rx = UartOverlay.overlay(List.of(new UartOverlay.Burst(frame, 0)));
        assertThat(UartOverlay.bytes(rx)).containsExactly(frame);
        assertThat(rx.get(0).tick()).isEqualTo(11 * 16); // stop bit of the first character
    }

    @Test
    void twoAcknowledgementsSkewedByOneToEightBitsNeverGiveAValidE5() {
        byte[] ack = {(byte) 0xE5};
        for (int skew = 16; skew <= 8 * 16; skew++) {
            var rx = UartOverlay.overlay(List.of(new UartOverlay.Burst(ack, 0), new UartOverlay.Burst(ack, skew)));
            List<Frame> frames = new FrameReader().feed(UartOverlay.bytes(rx));
            assertThat(frames).as("skew %d ticks", skew).isEmpty();
        }
    }

    @Test
    void alignedWithinHalfABitLooksLikeOneAnswer() {
        // physics, not a bug: two slaves less than half a bit apart are indistinguishable
        byte[] ack = {(byte) 0xE5};
        var rx = UartOverlay.overlay(List.of(new UartOverlay.Burst(ack, 0), new UartOverlay.Burst(ack, 3)));
        assertThat(UartOverlay.bytes(rx)).containsExactly((byte) 0xE5);
    }
}
