package org.metergate.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.metergate.mbus.Frame;
import org.metergate.mbus.FrameReader;
import org.metergate.mbus.MasterRequests;

/** A UART at one speed receiving characters sent at another (SPEC A1): the bytes survive only at the same speed. */
class UartResampleTest {

    @Test
    void theSameSpeedPassesTheBytesUnchanged() {
        byte[] req = MasterRequests.reqUd2(5, true);
        assertThat(UartOverlay.resample(req, 2400, 2400)).containsExactly(req);
    }

    @Test
    void anotherSpeedYieldsGarbageThatIsNoFrame() {
        int[] speeds = {300, 2400, 9600, 38400};
        List<byte[]> requests = List.of(MasterRequests.reqUd2(5, true), MasterRequests.sndNke(250),
                MasterRequests.selectSecondary(new org.metergate.mbus.SecondaryAddress("12345678", 0x2C2D, 1, 4)));
        for (byte[] req : requests) {
            for (int sent : speeds) {
                for (int heard : speeds) {
                    if (sent == heard) {
                        continue;
                    }
                    byte[] got = UartOverlay.resample(req, sent, heard);
                    assertThat(got).as("%d -> %d", sent, heard).isNotEqualTo(req);
                    List<Frame> frames = new FrameReader().feed(got, 0, got.length);
                    assertThat(frames).as("%d -> %d: %s", sent, heard, java.util.HexFormat.of().formatHex(got)).isEmpty();
                }
            }
        }
    }

    @Test
    void aSlowReceiverSeesFewerCharactersAndAFastOneMore() {
        byte[] req = MasterRequests.reqUd2(5, true); // 5 characters
        // at 300 a character lasts eight 2400-baud characters: the 2400 request is under one slow character
        assertThat(UartOverlay.resample(req, 2400, 300).length).isLessThanOrEqualTo(1);
        // a 2400 UART sees a run of characters in each 300-baud character (each bit lasts 8 of its bits)
        assertThat(UartOverlay.resample(req, 300, 2400).length).isGreaterThan(req.length);
    }
}
