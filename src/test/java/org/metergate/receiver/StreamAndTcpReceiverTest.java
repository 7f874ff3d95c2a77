package org.metergate.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.metergate.wmbus.FrameFormat;

/** The stdin-style stream receiver and the TCP client receiver (reconnecting, set-mode on connect). */
class StreamAndTcpReceiverTest {
    static final String LINE = ReceiverFramingTest.IPERL + ";-77\n";

    @Test
    void streamReceiverReadsToTheEnd() throws Exception {
        Collector c = new Collector();
        byte[] text = (LINE + "zz\n" + LINE).getBytes(StandardCharsets.US_ASCII);
        StreamReceiver r = new StreamReceiver("stdin", new ByteArrayInputStream(text), "stdin", Framing.HEX,
                FrameFormat.AUTO, Clock.systemUTC());
        r.start(c);
        r.await();
        assertThat(c.frames).hasSize(2);
        assertThat(c.frames.get(0).rssi()).isEqualTo(-77);
        assertThat(c.kinds()).containsExactly(FramingException.Kind.BAD_LINE);
    }

    @Test
    void tcpClientReconnectsAndSendsTheSetModeCommandToSticks() throws Exception {
        BlockingQueue<ReceivedFrame> got = new LinkedBlockingQueue<>();
        try (ServerSocket server = new ServerSocket(0);
             TcpClientReceiver r = new TcpClientReceiver("net", "127.0.0.1", server.getLocalPort(), Framing.AMB8465,
                     FrameFormat.AUTO, LinkMode.C1, Clock.systemUTC())) {
            r.start(got::add);
            byte[] indication = Amb8465.dataIndication(ReceiverFramingTest.hex(ReceiverFramingTest.IPERL), 0x20);
            for (int connection = 0; connection < 2; connection++) {
                try (Socket s = server.accept()) {
                    byte[] expected = Amb8465.setModeRequest(LinkMode.C1);
                    assertThat(s.getInputStream().readNBytes(expected.length)).isEqualTo(expected);
                    OutputStream out = s.getOutputStream();
                    out.write(indication);
                    out.flush();
                    ReceivedFrame f = got.poll(20, TimeUnit.SECONDS);
                    assertThat(f).isNotNull();
                    assertThat(f.receiverId()).isEqualTo("net");
                    assertThat(f.rssi()).isEqualTo(-58);
                } // the feed goes away; the receiver connects again
            }
        }
    }
}
