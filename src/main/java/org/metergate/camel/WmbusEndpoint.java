package org.metergate.camel;

import java.time.Clock;
import java.util.Set;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import java.util.List;
import java.util.Optional;
import org.metergate.keys.KeyStore;
import org.metergate.wmbus.KeyEntry;
import org.metergate.wmbus.MeterId;
import org.metergate.wmbus.WmbusException;
import org.metergate.wmbus.WmbusTelegram;
import org.metergate.receiver.Framing;
import org.metergate.receiver.LinkMode;
import org.metergate.receiver.Receiver;
import org.metergate.receiver.SerialReceiver;
import org.metergate.receiver.StreamReceiver;
import org.metergate.receiver.TcpClientReceiver;
import org.metergate.receiver.TcpServerReceiver;
import org.metergate.wmbus.FrameFormat;
import org.metergate.wmbus.KeyLookup;
import org.metergate.wmbus.WmbusDecoder;

/** A wireless M-Bus receiver: the consumer emits one exchange per telegram heard (consumer only). */
@UriEndpoint(firstVersion = "0.1.0", scheme = "wmbus", title = "Wireless M-Bus", syntax = "wmbus:receiverId",
        category = {Category.IOT}, consumerOnly = true)
public class WmbusEndpoint extends DefaultEndpoint {

    @UriPath(description = "Name of the receiver; it is the receiver id of every telegram it hears")
    @Metadata(required = true)
    private final String receiverId;

    @UriParam(description = "Serial port of a USB receiver stick, e.g. /dev/ttyUSB1 (or a pty)")
    private String port;
    @UriParam(description = "Speed of the serial port; default: the stick's (iM871A 57600, AMB8465 9600)")
    private int baud;
    @UriParam(enums = "im871a,amb8465,hex",
            description = "Framing of the bytes: im871a (IMST HCI), amb8465 (Amber command mode) or hex (one telegram per"
                    + " text line); default im871a on a serial port, hex on TCP and stdin")
    private String dongle;
    @UriParam(defaultValue = "T1", enums = "S1,S1M,T1,C1,C1T1", description = "Mode the stick is set to listen in at start")
    private String mode = "T1";
    @UriParam(description = "Connect to a feed on this host (with tcpPort); without host, tcpPort is a server feeds connect to")
    private String host;
    @UriParam(description = "TCP port: the server port (no host) or the feed's port (with host)")
    private int tcpPort = -1;
    @UriParam(defaultValue = "127.0.0.1", description = "Address the TCP server binds to; 0.0.0.0 to accept feeds from the network")
    private String bindHost = "127.0.0.1";
    @UriParam(defaultValue = "false", description = "Read telegrams from standard input (e.g. rtl_wmbus | java -jar metergate.jar)")
    private boolean stdin;
    @UriParam(defaultValue = "AUTO", enums = "A,B,NO_CRC,AUTO",
            description = "Link-layer CRCs of text-feed frames: A, B, NO_CRC or AUTO (detect); dongles always deliver NO_CRC")
    private String frameFormat = "AUTO";
    @UriParam(description = "Where the AES keys come from (a KeyLookup bean, e.g. #wmbusKeys); default: the gateway's"
            + " key store (bean keyStore), else the registry's only KeyLookup bean, else none (encrypted telegrams then"
            + " report 'no key')")
    private KeyLookup keys;
    @UriParam(defaultValue = "1000", description = "Milliseconds within which the same telegram heard by several receivers"
            + " of the group counts once (the strongest wins); 0 = no deduplication")
    private long dedupWindow = 1000;
    @UriParam(defaultValue = "default", description = "Receivers that deduplicate together")
    private String dedupGroup = "default";

    private volatile WmbusDecoder decoder;
    /** The key store behind the keys, when they are its lookup: the other candidate keys are tried too. */
    private volatile KeyStore keyStore;

    public WmbusEndpoint(String uri, WmbusComponent component, String receiverId) {
        super(uri, component);
        this.receiverId = receiverId;
    }

    void validate() {
        int sources = (port != null && !port.isBlank() ? 1 : 0) + (tcpPort >= 0 ? 1 : 0) + (stdin ? 1 : 0);
        if (sources != 1) {
            throw new IllegalArgumentException("wmbus:" + receiverId + " needs exactly one of port=<serial port>,"
                    + " tcpPort=<port> (server, or with host=<host> a client) or stdin=true");
        }
        if (tcpPort > 65535) {
            throw new IllegalArgumentException("wmbus:" + receiverId + ": tcpPort must be 0..65535");
        }
        if (host != null && !host.isBlank() && tcpPort < 1) {
            throw new IllegalArgumentException("wmbus:" + receiverId + ": host needs tcpPort=1..65535");
        }
        if (dedupWindow < 0 || dedupWindow > 60_000) {
            throw new IllegalArgumentException("wmbus:" + receiverId + ": dedupWindow must be 0..60000 ms");
        }
        framing();
        LinkMode.parse(mode);
        lineFormat();
    }

    Framing framing() {
        if (dongle != null && !dongle.isBlank()) {
            return Framing.parse(dongle);
        }
        return port != null && !port.isBlank() ? Framing.IM871A : Framing.HEX;
    }

    FrameFormat lineFormat() {
        try {
            return FrameFormat.valueOf(frameFormat.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("wmbus:" + receiverId + ": frameFormat must be A, B, NO_CRC or AUTO");
        }
    }

    /** A new receiver for this endpoint's options. */
    Receiver receiver() {
        Clock clock = Clock.systemUTC();
        LinkMode m = LinkMode.parse(mode);
        if (port != null && !port.isBlank()) {
            return new SerialReceiver(receiverId, port, baud, framing(), m, clock);
        }
        if (stdin) {
            return new StreamReceiver(receiverId, System.in, "stdin", framing(), lineFormat(), clock);
        }
        if (host != null && !host.isBlank()) {
            return new TcpClientReceiver(receiverId, host, tcpPort, framing(), lineFormat(), m, clock);
        }
        return new TcpServerReceiver(receiverId, bindHost, tcpPort, framing(), lineFormat(), clock);
    }

    /** The decoder, with the configured keys, else the gateway's key store, else the registry's only KeyLookup bean. */
    WmbusDecoder decoder() {
        WmbusDecoder d = decoder;
        if (d == null) {
            KeyLookup k = keys;
            Set<KeyStore> stores = getCamelContext().getRegistry().findByType(KeyStore.class);
            KeyStore store = stores.size() == 1 ? stores.iterator().next() : null;
            if (k == null) {
                Set<KeyLookup> found = getCamelContext().getRegistry().findByType(KeyLookup.class);
                k = store != null ? store.lookup() : found.size() == 1 ? found.iterator().next() : KeyLookup.NONE;
            }
            if (store != null && k == store.lookup()) {
                keyStore = store;
            }
            d = new WmbusDecoder(k);
            decoder = d;
        }
        return d;
    }

    /**
     * Decodes a frame; when the key store's first key for the meter fails to decrypt, its other candidate
     * keys are tried in their order (several keys may share criteria, as in the manual's example key file).
     */
    WmbusTelegram decode(byte[] frame, FrameFormat format, Integer rssi) throws WmbusException {
        WmbusDecoder d = decoder();
        try {
            return d.decode(frame, format, rssi);
        } catch (WmbusException e) {
            KeyStore store = keyStore;
            if (e.reason() != WmbusException.Reason.DECRYPTION_FAILED || store == null || e.link() == null) {
                throw e;
            }
            // the failing key was the first candidate of the telegram's meter (TPL long header or link layer)
            for (KeyEntry candidate : alternatives(store, frame, format, e)) {
                try {
                    return new WmbusDecoder(m -> Optional.of(candidate), d.cache()).decode(frame, format, rssi);
                } catch (WmbusException next) {
                    if (next.reason() != WmbusException.Reason.DECRYPTION_FAILED) {
                        throw next;
                    }
                }
            }
            throw e;
        }
    }

    private static List<KeyEntry> alternatives(KeyStore store, byte[] frame, FrameFormat format, WmbusException e) {
        // the meter the key was looked up for: ask a decoder that records it (cheap: failures are rare)
        MeterId[] asked = new MeterId[1];
        try {
            new WmbusDecoder(m -> {
                asked[0] = m;
                return Optional.empty();
            }, null).decode(frame, format, null);
        } catch (WmbusException ignored) {
            // NO_KEY, as intended
        }
        if (asked[0] == null) {
            return List.of();
        }
        List<KeyEntry> all = store.candidates(asked[0]);
        return all.size() <= 1 ? List.of() : all.subList(1, all.size());
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("wmbus: endpoints only receive (use them in from:)");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        WmbusConsumer consumer = new WmbusConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    WmbusComponent component() {
        return (WmbusComponent) getComponent();
    }

    public String getReceiverId() { return receiverId; }
    public String getPort() { return port; }
    public void setPort(String port) { this.port = port; }
    public int getBaud() { return baud; }
    public void setBaud(int baud) { this.baud = baud; }
    public String getDongle() { return dongle; }
    public void setDongle(String dongle) { this.dongle = dongle; }
    public String getMode() { return mode; }
    public void setMode(String mode) { this.mode = mode; }
    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public int getTcpPort() { return tcpPort; }
    public void setTcpPort(int tcpPort) { this.tcpPort = tcpPort; }
    public String getBindHost() { return bindHost; }
    public void setBindHost(String bindHost) { this.bindHost = bindHost; }
    public boolean isStdin() { return stdin; }
    public void setStdin(boolean stdin) { this.stdin = stdin; }
    public String getFrameFormat() { return frameFormat; }
    public void setFrameFormat(String frameFormat) { this.frameFormat = frameFormat; }
    public KeyLookup getKeys() { return keys; }
    public void setKeys(KeyLookup keys) { this.keys = keys; }
    public long getDedupWindow() { return dedupWindow; }
    public void setDedupWindow(long dedupWindow) { this.dedupWindow = dedupWindow; }
    public String getDedupGroup() { return dedupGroup; }
    public void setDedupGroup(String dedupGroup) { this.dedupGroup = dedupGroup; }
}
