package org.metergate.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two meters on one primary address on a real bus: their E5 acknowledgements are the same byte at the
 * same time and merge into one clean E5, but their telegrams to the header read collide. A TCP "bus"
 * that answers exactly so (one E5 to SND_NKE, two overlapping RSP_UDs to REQ_UD2 at address 2; a single
 * meter at address 1) shows the scan reports a conflict there, not a meter.
 */
@Timeout(60)
class PrimaryScanCollisionTest {

    /** A real meter's RSP_UD (libmbus corpus, ACW cold water meter 11490378). */
    private static final byte[] RSP_UD = HexFormat.of().parseHex("683C3C680808727803491177040E160A0000000C7878034911"
            + "041331D40000426C0000441300000000046D0B0BCD130227000009FD0E0209FD0F060F00017513D316");

    @Test
    void cleanAcknowledgementButCollidingTelegramsIsAConflict() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread bus = new Thread(() -> answer(server), "two-meters-bus");
            bus.setDaemon(true);
            bus.start();
            MbusMaster master = new MbusMaster(new TcpTransport("127.0.0.1", server.getLocalPort(), 9600, 2000),
                    new BusTiming(300, 0, 0, 0, 0, 50, 50), Sleeper.REAL);
            ScanResult result = new PrimaryScan(master).run(1, 2, new ScanControl(p -> { }));
            assertThat(result.meters()).extracting(f -> ((MeterAddress.Primary) f.address()).address()).containsExactly(1);
            assertThat(result.meters().get(0).header().id()).isEqualTo("11490378");
            assertThat(result.conflicts()).containsExactly("primary address 2: several meters answer (collision on"
                    + " REQ_UD2): give them different primary addresses or read them by secondary address");
            master.transport().close();
        }
    }

    /** Short frames only: 10 C A CS 16. SND_NKE (C=40h) is acknowledged; REQ_UD2 (C=5Bh/7Bh) gets one or two telegrams. */
    private static void answer(ServerSocket server) {
        try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            byte[] f = new byte[5];
            while (in.readNBytes(f, 0, 5) == 5) {
                int c = f[1] & 0xFF;
                int a = f[2] & 0xFF;
                if (a != 1 && a != 2) {
                    continue; // nobody there
                }
                if (c == 0x40) {
                    out.write(0xE5);
                } else if (c == 0x5B || c == 0x7B) {
                    // at address 2 the second meter talks at the same time: both telegrams on the line at once
                    byte[] line = a == 2 ? java.util.Arrays.copyOf(RSP_UD, 2 * RSP_UD.length) : RSP_UD;
                    if (a == 2) {
                        System.arraycopy(RSP_UD, 0, line, RSP_UD.length, RSP_UD.length);
                    }
                    out.write(line);
                }
                out.flush();
            }
        } catch (java.io.IOException e) {
            // the master closed the connection
        }
    }
}
