package org.metergate.camel;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.ScheduledPollEndpoint;
import org.metergate.bus.BusOwner;
import org.metergate.bus.BusTiming;
import org.metergate.bus.MeterAddress;
import org.metergate.bus.MbusMaster;
import org.metergate.bus.MeterSource;
import org.metergate.bus.Sleeper;
import org.metergate.bus.TimingProfile;
import org.metergate.bus.ReadoutRequest;
import org.metergate.bus.MultiTelegram;
import org.metergate.bus.SerialTransport;
import org.metergate.bus.TcpTransport;
import org.metergate.bus.Transport;

/** A wired M-Bus: the consumer reads its meters on a schedule, the producer reads, scans or sends on request. */
@UriEndpoint(firstVersion = "0.1.0", scheme = "mbus", title = "M-Bus", syntax = "mbus:busId",
        category = {Category.IOT})
public class MbusEndpoint extends ScheduledPollEndpoint {

    @UriPath(description = "Name of the bus; endpoints with the same name share one bus owner")
    @Metadata(required = true)
    private final String busId;

    @UriParam(description = "Serial port of the level converter, e.g. /dev/ttyUSB0 (or a pty)")
    private String port;
    @UriParam(description = "Host of an M-Bus-over-IP converter")
    private String host;
    @UriParam(description = "TCP port of the M-Bus-over-IP converter")
    private int tcpPort;
    @UriParam(defaultValue = "2400", description = "Bus speed in baud: 300, 2400 or 9600; the default for meters without"
            + " their own speed (a serial port switches per meter, a TCP converter has this fixed speed)")
    private int baud = 2400;
    @UriParam(defaultValue = "fast", enums = "fast,manual",
            description = "Timing profile: fast follows EN 13757-2 gaps (wire speed); manual uses the reference product's table 8")
    private String timing = "fast";
    @UriParam(description = "Override: ms to wait for an answer")
    private Integer responseTimeout;
    @UriParam(description = "Override: extra attempts before a readout fails")
    private Integer readoutRetries;
    @UriParam(description = "Override: extra attempts at a secondary selection")
    private Integer selectionRetries;
    @UriParam(description = "Override: ms after SND_NKE")
    private Integer waitAfterInit;
    @UriParam(description = "Override: ms after a collision")
    private Integer collisionRecovery;
    @UriParam(description = "Override: minimum ms between two messages")
    private Integer interRequestGap;
    @UriParam(defaultValue = "true", description = "Follow 'more records follow' with further telegrams")
    private boolean multiTelegram = true;
    @UriParam(defaultValue = "0", description = "Most telegrams per readout of the listed meters, 1..255, 0 = as many as"
            + " announced up to a safety cap of 64")
    private int maxTelegrams;
    @UriParam(label = "consumer", description = "Meters the consumer reads each poll: comma-separated primary (0..250) or secondary (8 digits) addresses")
    private String meters;
    @UriParam(label = "consumer", description = "Where the consumer gets the meters it reads (e.g. #meterRegistry: the installed,"
            + " active meters of this bus with their own settings); used when meters is not set")
    private MeterSource meterSource;
    @UriParam(label = "consumer", description = "Job retry settings (SPEC D5): meters whose readout failed are read again"
            + " after the offset, up to the number of retries (e.g. #jobRetries, changed live by /api/settings/readout)")
    private JobRetries jobRetries;
    @UriParam(label = "consumer", defaultValue = "false", description = "Continuous mode (SPEC D3): between scheduled"
            + " readouts, read the meters back to back as background jobs and hand them to liveValues (not to the route)")
    private boolean continuous;
    @UriParam(label = "consumer", description = "Receives the readouts of continuous mode (e.g. #liveValues)")
    private org.metergate.bus.ReadoutListener liveValues;
    @UriParam(defaultValue = "10000", label = "advanced", description = "TCP connect timeout in ms")
    private int connectTimeout = 10_000;

    public MbusEndpoint(String uri, MbusComponent component, String busId) {
        super(uri, component);
        this.busId = busId;
    }

    void validate() {
        boolean serial = port != null && !port.isBlank();
        boolean tcp = host != null && !host.isBlank();
        if (serial == tcp) {
            throw new IllegalArgumentException("mbus:" + busId + " needs either port=<serial port> or host=<host>&tcpPort=<port>");
        }
        if (tcp && (tcpPort < 1 || tcpPort > 65535)) {
            throw new IllegalArgumentException("mbus:" + busId + ": tcpPort must be 1..65535");
        }
        if (baud != 300 && baud != 2400 && baud != 9600 && baud != 19200 && baud != 38400) {
            throw new IllegalArgumentException("mbus:" + busId + ": baud must be 300, 2400 or 9600 (19200/38400 for fast converters)");
        }
        if (!timing.equals("fast") && !timing.equals("manual")) {
            throw new IllegalArgumentException("mbus:" + busId + ": timing must be fast or manual");
        }
        if (continuous && liveValues == null) {
            throw new IllegalArgumentException("mbus:" + busId + ": continuous=true needs liveValues (e.g. #liveValues)");
        }
        meterAddresses();
        busTiming();
        multi();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // Register the bus now, so manual jobs (REST readouts, scans) find its owner before the first
        // poll; the port itself is opened by the first job.
        owner();
    }

    /** The shared owner of this bus, created on first use. */
    public BusOwner owner() {
        return ((MbusComponent) getComponent()).buses().getOrCreate(busId,
                () -> new BusOwner(busId, new MbusMaster(transport(), busTiming(), timingProfile(), Sleeper.REAL)));
    }

    Transport transport() {
        return port != null && !port.isBlank() ? new SerialTransport(port, baud) : new TcpTransport(host, tcpPort, baud, connectTimeout);
    }

    /** The timing of jobs that are not meter readouts (scans, raw sends): the route's speed and multi-telegram option. */
    BusTiming busTiming() {
        return timingFor(baud, multiTelegram);
    }

    /**
     * The timing of a meter readout (SPEC A6): the set for the meter's own multi-telegram mode (manual
     * profile: table 8's single or multi column; fast profile: the EN 13757-2 gaps at the meter's speed),
     * with this route's overrides on top; the meter's own overrides are applied by the reader.
     */
    TimingProfile timingProfile() {
        return this::timingFor;
    }

    private BusTiming timingFor(int lineBaud, boolean multi) {
        BusTiming base = timing.equals("manual") ? (multi ? BusTiming.manualMulti() : BusTiming.manualSingle()) : BusTiming.fast(lineBaud);
        return new BusTiming(
                responseTimeout != null ? responseTimeout : base.responseTimeout(),
                readoutRetries != null ? readoutRetries : base.readoutRetries(),
                selectionRetries != null ? selectionRetries : base.selectionRetries(),
                waitAfterInit != null ? waitAfterInit : base.waitAfterInit(),
                collisionRecovery != null ? collisionRecovery : base.collisionRecovery(),
                interRequestGap != null ? interRequestGap : base.interRequestGap(),
                base.interCharTimeout());
    }

    MultiTelegram multi() {
        return multiTelegram ? new MultiTelegram(true, maxTelegrams) : MultiTelegram.OFF;
    }

    List<MeterAddress> meterAddresses() {
        return parseMeters(meters);
    }

    /** What the consumer reads on a poll: the listed meters, else the meter source's active meters of this bus. */
    List<ReadoutRequest> readoutRequests() {
        List<MeterAddress> listed = meterAddresses();
        if (!listed.isEmpty() || meterSource == null) {
            return listed.stream().map(a -> ReadoutRequest.of(a, multi())).toList();
        }
        return meterSource.activeMeters(busId);
    }

    static List<MeterAddress> parseMeters(Object spec) {
        List<MeterAddress> out = new ArrayList<>();
        if (spec == null) {
            return out;
        }
        Iterable<?> items = spec instanceof Iterable<?> it ? it : List.of(spec.toString().split("[,;\\s]+"));
        for (Object item : items) {
            if (item instanceof MeterAddress a) {
                out.add(a);
            } else if (item != null && !item.toString().isBlank()) {
                out.add(MeterAddress.parse(item.toString()));
            }
        }
        return out;
    }

    @Override
    public Producer createProducer() {
        return new MbusProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        MbusConsumer consumer = new MbusConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public String getBusId() {
        return busId;
    }

    public String getPort() { return port; }
    public void setPort(String port) { this.port = port; }
    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public int getTcpPort() { return tcpPort; }
    public void setTcpPort(int tcpPort) { this.tcpPort = tcpPort; }
    public int getBaud() { return baud; }
    public void setBaud(int baud) { this.baud = baud; }
    public String getTiming() { return timing; }
    public void setTiming(String timing) { this.timing = timing; }
    public Integer getResponseTimeout() { return responseTimeout; }
    public void setResponseTimeout(Integer v) { this.responseTimeout = v; }
    public Integer getReadoutRetries() { return readoutRetries; }
    public void setReadoutRetries(Integer v) { this.readoutRetries = v; }
    public Integer getSelectionRetries() { return selectionRetries; }
    public void setSelectionRetries(Integer v) { this.selectionRetries = v; }
    public Integer getWaitAfterInit() { return waitAfterInit; }
    public void setWaitAfterInit(Integer v) { this.waitAfterInit = v; }
    public Integer getCollisionRecovery() { return collisionRecovery; }
    public void setCollisionRecovery(Integer v) { this.collisionRecovery = v; }
    public Integer getInterRequestGap() { return interRequestGap; }
    public void setInterRequestGap(Integer v) { this.interRequestGap = v; }
    public boolean isMultiTelegram() { return multiTelegram; }
    public void setMultiTelegram(boolean multiTelegram) { this.multiTelegram = multiTelegram; }
    public int getMaxTelegrams() { return maxTelegrams; }
    public void setMaxTelegrams(int maxTelegrams) { this.maxTelegrams = maxTelegrams; }
    public String getMeters() { return meters; }
    public void setMeters(String meters) { this.meters = meters; }
    public MeterSource getMeterSource() { return meterSource; }
    public void setMeterSource(MeterSource meterSource) { this.meterSource = meterSource; }
    public JobRetries getJobRetries() { return jobRetries; }
    public void setJobRetries(JobRetries jobRetries) { this.jobRetries = jobRetries; }
    public boolean isContinuous() { return continuous; }
    public void setContinuous(boolean continuous) { this.continuous = continuous; }
    public org.metergate.bus.ReadoutListener getLiveValues() { return liveValues; }
    public void setLiveValues(org.metergate.bus.ReadoutListener liveValues) { this.liveValues = liveValues; }
    public int getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(int connectTimeout) { this.connectTimeout = connectTimeout; }
}
