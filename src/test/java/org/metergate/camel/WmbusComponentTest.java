package org.metergate.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.receiver.Im871a;
import org.metergate.receiver.Reception;
import org.metergate.receiver.TcpServerReceiver;
import org.metergate.testing.SocatPair;
import org.metergate.wmbus.FrameFormat;
import org.metergate.wmbus.KeyEntry;
import org.metergate.wmbus.KeyMatcher;
import org.metergate.wmbus.MeterId;
import org.metergate.wmbus.WmbusEncoder;

/** The wmbus: component in a real Camel context: TCP text feeds, keys per meter, deduplication, a pty stick. */
class WmbusComponentTest {
    static final byte[] KEY_A = HexFormat.of().parseHex("000102030405060708090A0B0C0D0E0F");
    static final byte[] KEY_B = HexFormat.of().parseHex("F0E0D0C0B0A090807060504030201000");
    static final MeterId WITH_KEY = MeterId.of("KAM", "11111111", 1, 7);
    static final MeterId WRONG_KEY = MeterId.of("KAM", "22222222", 1, 7);
    static final MeterId NO_KEY = MeterId.of("KAM", "33333333", 1, 7);
    static final MeterId PLAIN = MeterId.of("ELS", "44444444", 2, 3);
    static final byte[] RECORDS = HexFormat.of().parseHex("0C1378563412");

    private CamelContext camel;
    private final BlockingQueue<Exchange> got = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        camel = new DefaultCamelContext();
        // keys for two meters: the right key for WITH_KEY, a wrong one for WRONG_KEY, none for NO_KEY
        camel.getRegistry().bind("keys", new KeyMatcher(List.of(KeyEntry.boundTo(WITH_KEY, KEY_A),
                KeyEntry.boundTo(WRONG_KEY, KEY_B))));
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private void route(String id, String uri) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId(id).process(got::add);
            }
        });
    }

    private int serverPort(String routeId) {
        WmbusConsumer c = (WmbusConsumer) camel.getRoute(routeId).getConsumer();
        return ((TcpServerReceiver) c.receiver()).port();
    }

    static byte[] mode5(MeterId m, int access, byte[] key, FrameFormat f) {
        return WmbusEncoder.encode(new WmbusEncoder.Plan(0x44, m, access, 0, 5, key, 0, RECORDS, f));
    }

    private static void send(int port, String text) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    private Exchange next() throws InterruptedException {
        Exchange e = got.poll(20, TimeUnit.SECONDS);
        assertThat(e).as("an exchange within 20 s").isNotNull();
        return e;
    }

    @Test
    void tcpHexFeedThroughTheConsumerWithKeysPerMeter() throws Exception {
        route("rx1", "wmbus:rx1?tcpPort=0&dedupWindow=0&keys=#keys");
        camel.start();
        int port = serverPort("rx1");
        String feed = HexFormat.of().formatHex(mode5(WITH_KEY, 1, KEY_A, FrameFormat.A)) + ";-70\n"
                + HexFormat.of().formatHex(mode5(WRONG_KEY, 2, KEY_A, FrameFormat.NO_CRC)) + ";-71\n"
                + HexFormat.of().formatHex(mode5(NO_KEY, 3, KEY_A, FrameFormat.B)) + "\n"
                + "not hex at all\n"
                + "T1;1;1;2019-04-03 19:00:42.000;97;148;33225544;0x1844AE4C4455223368077A55000000041389E20100023B0000\n";
        send(port, feed);

        Exchange ok = next();
        WmbusMessage m = ok.getMessage().getBody(WmbusMessage.class);
        assertThat(m.ok()).isTrue();
        assertThat(m.telegram().securityMode()).isEqualTo(5);
        assertThat(m.telegram().telegram().records().get(0).value().text()).isEqualTo("12345.678");
        assertThat(ok.getMessage().getHeader(WmbusConstants.METER)).isEqualTo("11111111");
        assertThat(ok.getMessage().getHeader(WmbusConstants.RSSI)).isEqualTo(-70);
        assertThat(ok.getMessage().getHeader(WmbusConstants.RECEIVER)).isEqualTo("rx1");
        assertThat(ok.getMessage().getHeader(WmbusConstants.STATUS)).isEqualTo("OK");
        assertThat(ok.getMessage().getHeader(WmbusConstants.RAW, byte[].class)).isEqualTo(mode5(WITH_KEY, 1, KEY_A, FrameFormat.A));

        Exchange wrong = next();
        assertThat(wrong.getMessage().getHeader(WmbusConstants.STATUS)).isEqualTo("DECRYPTION_FAILED");
        assertThat(wrong.getMessage().getHeader(WmbusConstants.METER)).isEqualTo("22222222");
        assertThat(wrong.getMessage().getBody(WmbusMessage.class).telegram()).isNull();
        assertThat(wrong.getMessage().getHeader(WmbusConstants.ERROR, String.class)).startsWith("decryption failed");

        Exchange none = next();
        assertThat(none.getMessage().getHeader(WmbusConstants.STATUS)).isEqualTo("NO_KEY");
        assertThat(none.getMessage().getHeader(WmbusConstants.METER)).isEqualTo("33333333");
        assertThat(none.getMessage().getHeader(WmbusConstants.ERROR, String.class)).startsWith("no key");

        Exchange rtl = next(); // the bad line was dropped, the rtl-wmbus line decodes
        assertThat(rtl.getMessage().getHeader(WmbusConstants.METER)).isEqualTo("33225544");
        assertThat(rtl.getMessage().getHeader(WmbusConstants.RSSI)).isEqualTo(97);
        WmbusConsumer c = (WmbusConsumer) camel.getRoute("rx1").getConsumer();
        assertThat(c.frames()).isEqualTo(4);
        assertThat(c.framingErrors()).isEqualTo(1);
    }

    @Test
    void twoReceiversHearOneTelegramTheStrongestWins() throws Exception {
        route("rxA", "wmbus:rxA?tcpPort=0&dedupWindow=1500&keys=#keys");
        route("rxB", "wmbus:rxB?tcpPort=0&dedupWindow=1500&keys=#keys");
        camel.start();
        byte[] frame = mode5(WITH_KEY, 9, KEY_A, FrameFormat.NO_CRC);
        // rxA gets it with CRCs (format A), rxB stripped: the same telegram all the same
        send(serverPort("rxA"), HexFormat.of().formatHex(WmbusEncoder.encode(new WmbusEncoder.Plan(0x44, WITH_KEY, 9, 0, 5,
                KEY_A, 0, RECORDS, FrameFormat.A))) + ";-88\n");
        send(serverPort("rxB"), HexFormat.of().formatHex(frame) + ";-61\n");
        Exchange e = next();
        assertThat(e.getMessage().getHeader(WmbusConstants.RECEIVER)).isEqualTo("rxB");
        assertThat(e.getMessage().getHeader(WmbusConstants.RSSI)).isEqualTo(-61);
        assertThat(e.getMessage().getBody(WmbusMessage.class).receptions())
                .containsExactly(new Reception("rxB", -61), new Reception("rxA", -88));
        assertThat(e.getFromRouteId()).isEqualTo("rxB");
        // a different access number is another telegram
        send(serverPort("rxA"), HexFormat.of().formatHex(mode5(WITH_KEY, 10, KEY_A, FrameFormat.NO_CRC)) + ";-90\n");
        Exchange e2 = next();
        assertThat(e2.getMessage().getHeader(WmbusConstants.RECEIVER)).isEqualTo("rxA");
        assertThat(got).isEmpty();
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> camel.getEndpoint("wmbus:x")).hasMessageContaining("exactly one of");
        assertThatThrownBy(() -> camel.getEndpoint("wmbus:x?port=/dev/null&tcpPort=1")).hasMessageContaining("exactly one of");
        assertThatThrownBy(() -> camel.getEndpoint("wmbus:x?tcpPort=1&mode=Q1")).hasMessageContaining("unknown wireless mode");
        assertThatThrownBy(() -> camel.getEndpoint("wmbus:x?tcpPort=1&dongle=cul")).hasMessageContaining("unknown receiver framing");
        assertThatThrownBy(() -> camel.getEndpoint("wmbus:x?tcpPort=1&frameFormat=C")).hasMessageContaining("frameFormat");
    }

    /** An iM871A on one end of a socat pty pair: the stick end answers the set-config and sends telegrams. */
    @Test
    void im871aOnAPty(@TempDir Path dir) throws Exception {
        try (SocatPair pty = SocatPair.open(dir)) {
            route("stick", "wmbus:stick?port=" + pty.a + "&dongle=im871a&mode=C1&dedupWindow=0&keys=#keys");
            camel.start();
            try (InputStream in = Files.newInputStream(pty.b); OutputStream out = Files.newOutputStream(pty.b)) {
                byte[] expected = Im871a.setConfigRequest(org.metergate.receiver.LinkMode.C1);
                byte[] init = in.readNBytes(expected.length);
                assertThat(init).isEqualTo(expected);
                out.write(Im871a.message(Im871a.DEVMGMT, Im871a.DEVMGMT_SET_CONFIG_RSP, new byte[] {0}, null, null, false));
                out.write(new byte[] {0x13, 0x37}); // line noise
                out.write(Im871a.indication(mode5(WITH_KEY, 5, KEY_A, FrameFormat.NO_CRC), Im871a.dbmToRssi(-75), true));
                out.write(Im871a.indication(mode5(NO_KEY, 6, KEY_A, FrameFormat.NO_CRC), Im871a.dbmToRssi(-95), true));
                out.flush();
                Exchange e = next();
                assertThat(e.getMessage().getHeader(WmbusConstants.STATUS)).isEqualTo("OK");
                assertThat(e.getMessage().getHeader(WmbusConstants.RSSI)).isEqualTo(-75);
                assertThat(e.getMessage().getHeader(WmbusConstants.RECEIVER)).isEqualTo("stick");
                Exchange n = next();
                assertThat(n.getMessage().getHeader(WmbusConstants.STATUS)).isEqualTo("NO_KEY");
                assertThat(n.getMessage().getHeader(WmbusConstants.RSSI)).isEqualTo(-95);
            }
        }
    }

    /**
     * The gateway's key store as the default key source: with two keys of the same criteria (the manual's
     * example file has such), the second is tried when the first does not decrypt.
     */
    @Test
    void keyStoreByDefaultTryingEveryCandidateKey(@TempDir Path dir) throws Exception {
        org.metergate.store.Database db = org.metergate.testing.TestDatabases.derby(dir);
        try {
            java.time.Clock clock = java.time.Clock.systemUTC();
            org.metergate.admin.SystemLog log = new org.metergate.admin.SystemLog(
                    new org.metergate.admin.SystemLogRepository(db), org.metergate.admin.LogLevel.INFO,
                    new org.metergate.admin.FloodControl(java.time.Duration.ofMinutes(1)), clock);
            org.metergate.keys.KeyStore store = new org.metergate.keys.KeyStore(db,
                    org.metergate.keys.SecretFile.in(dir), new org.metergate.keys.KeyFileParser(), clock, log);
            store.load();
            org.metergate.keys.KeyCriteria kam = new org.metergate.keys.KeyCriteria(null, "KAM", null, null);
            store.add(kam, KEY_B); // first by age: wrong for every meter here
            store.add(kam, KEY_A);
            camel = new DefaultCamelContext(); // no keys bean: the key store is the default
            camel.getRegistry().bind("keyStore", store);
            route("rx1", "wmbus:rx1?tcpPort=0&dedupWindow=0");
            camel.start();
            send(serverPort("rx1"), HexFormat.of().formatHex(mode5(WITH_KEY, 1, KEY_A, FrameFormat.NO_CRC)) + "\n"
                    + HexFormat.of().formatHex(mode5(NO_KEY, 2, KEY_B, FrameFormat.NO_CRC)) + "\n"
                    + HexFormat.of().formatHex(mode5(PLAIN, 3, HexFormat.of().parseHex("99999999999999999999999999999999"),
                            FrameFormat.NO_CRC)) + "\n");
            Exchange viaSecondKey = next();
            assertThat(viaSecondKey.getMessage().getHeader(WmbusConstants.STATUS)).isEqualTo("OK");
            assertThat(viaSecondKey.getMessage().getBody(WmbusMessage.class).telegram().key().get().key()).isEqualTo(KEY_A);
            Exchange viaFirstKey = next();
            assertThat(viaFirstKey.getMessage().getHeader(WmbusConstants.STATUS)).isEqualTo("OK");
            Exchange none = next(); // ELS: no key of the store applies
            assertThat(none.getMessage().getHeader(WmbusConstants.STATUS)).isEqualTo("NO_KEY");
            camel.stop();
        } finally {
            db.close();
        }
    }
}
