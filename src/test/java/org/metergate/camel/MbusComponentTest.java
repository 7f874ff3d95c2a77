package org.metergate.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metergate.bus.ReadoutResult;
import org.metergate.bus.Reply;
import org.metergate.bus.ScanResult;
import org.metergate.sim.SimulatedBus;
import org.metergate.sim.SimulatedFleet;
import org.metergate.sim.SimulatedMeter;
import org.metergate.sim.SimulatorServer;
import org.metergate.sim.WireTiming;

/** The mbus: component in a real Camel context against the simulator over TCP. */
class MbusComponentTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    private List<SimulatedMeter> fleet;
    private SimulatorServer sim;
    private CamelContext camel;

    @BeforeEach
    void start() throws Exception {
        fleet = SimulatedFleet.generate(5, 42, CLOCK);
        sim = SimulatorServer.tcp(new SimulatedBus(fleet, WireTiming.of(38400)), 0, false);
        camel = new DefaultCamelContext();
    }

    @AfterEach
    void stop() throws Exception {
        camel.stop();
        sim.close();
    }

    private String uri(String extra) {
        return "mbus:sim?host=127.0.0.1&tcpPort=" + sim.port() + "&baud=38400" + extra;
    }

    @Test
    void consumerReadsItsMetersOnEachPollOneExchangePerMeter() throws Exception {
        BlockingQueue<Exchange> got = new LinkedBlockingQueue<>();
        String meters = fleet.get(0).primaryAddress() + "," + fleet.get(1).id();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("&meters=" + meters + "&delay=60000")).routeId("readout").process(got::add);
            }
        });
        camel.start();
        Exchange first = got.poll(20, TimeUnit.SECONDS);
        Exchange second = got.poll(20, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        ReadoutResult r0 = first.getMessage().getBody(ReadoutResult.class);
        ReadoutResult r1 = second.getMessage().getBody(ReadoutResult.class);
        assertThat(r0.ok()).isTrue();
        assertThat(r0.readout().header().id()).isEqualTo(fleet.get(0).id());
        assertThat(r1.readout().header().id()).isEqualTo(fleet.get(1).id());
        assertThat(first.getMessage().getHeader(MbusConstants.STATUS)).isEqualTo("OK");
        assertThat(first.getMessage().getHeader(MbusConstants.BUS)).isEqualTo("sim");
        assertThat(second.getMessage().getHeader(MbusConstants.ADDRESS)).isEqualTo(fleet.get(1).id());

        // Type converters: a route can turn a readout into JSON text or a Map without Java.
        String json = first.getMessage().getBody(String.class);
        assertThat(json).contains("\"id\":\"" + fleet.get(0).id() + "\"").contains("\"readout\":\"OK\"").contains("\"records\":[");
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> map = first.getMessage().getBody(java.util.Map.class);
        assertThat(map).containsEntry("manufacturer", fleet.get(0).spec().manufacturer());
        assertThat((java.util.List<?>) map.get("records")).hasSize(fleet.get(0).records(CLOCK.instant()).size());
    }

    @Test
    void producerSendsARawFrameThroughTheBusOwnerAndAnswersTheReply() throws Exception {
        camel.start();
        ProducerTemplate template = camel.createProducerTemplate();
        SimulatedMeter meter = fleet.get(1);
        int address = meter.primaryAddress();
        String nke = java.util.HexFormat.of().formatHex(org.metergate.mbus.MasterRequests.sndNke(address));
        Reply ack = template.requestBodyAndHeader(uri(""), nke, MbusConstants.OPERATION, "send", Reply.class);
        assertThat(ack.isAck()).isTrue();

        // spaces allowed; the answer is the meter's RSP_UD, decodable as the same telegram a readout gets
        String req = java.util.HexFormat.of().formatHex(org.metergate.mbus.MasterRequests.reqUd2(address, true))
                .replaceAll("(..)", "$1 ");
        Reply answer = template.requestBodyAndHeader(uri(""), req, MbusConstants.OPERATION, "send", Reply.class);
        assertThat(answer.isSingle()).isTrue();
        org.metergate.mbus.Telegram t = org.metergate.mbus.TelegramDecoder.decode(
                (org.metergate.mbus.Frame.LongFrame) answer.frame());
        assertThat(t.header().id()).isEqualTo(meter.id());

        // nobody at 250: no answer, not an error
        Reply none = template.requestBodyAndHeader(uri(""), "107BFA7516", MbusConstants.OPERATION, "send", Reply.class);
        assertThat(none.kind()).isEqualTo(Reply.Kind.NONE);

        // a frame with a wrong checksum never reaches the bus
        assertThatThrownBy(() -> template.requestBodyAndHeader(uri(""), "107B017516", MbusConstants.OPERATION, "send"))
                .hasRootCauseInstanceOf(org.metergate.mbus.MbusDecodeException.class)
                .rootCause().hasMessageContaining("checksum 0x75, expected 0x7C");
    }

    @Test
    void producerReadsTheMetersNamedInTheHeaderAndScansOnRequest() throws Exception {
        camel.start();
        ProducerTemplate template = camel.createProducerTemplate();
        Object body = template.requestBodyAndHeader(uri(""), null, MbusConstants.METERS,
                fleet.get(2).primaryAddress() + "," + fleet.get(3).primaryAddress());
        assertThat(body).isInstanceOf(List.class);
        @SuppressWarnings("unchecked")
        List<ReadoutResult> results = (List<ReadoutResult>) body;
        assertThat(results).extracting(r -> r.readout().header().id()).containsExactly(fleet.get(2).id(), fleet.get(3).id());

        ReadoutResult one = template.requestBody(uri(""), String.valueOf(fleet.get(4).primaryAddress()), ReadoutResult.class);
        assertThat(one.readout().records()).isEqualTo(fleet.get(4).records(CLOCK.instant()));

        ScanResult scan = template.requestBodyAndHeader(uri("&responseTimeout=60"), null, MbusConstants.OPERATION, "scanSecondary",
                ScanResult.class);
        assertThat(scan.meters()).hasSize(fleet.size());
    }

    @Test
    void consumerReadsTheActiveMetersOfItsBusFromTheMeterSource() throws Exception {
        BlockingQueue<Exchange> got = new LinkedBlockingQueue<>();
        org.metergate.bus.MeterSource source = bus -> bus.equals("sim")
                ? List.of(new org.metergate.bus.ReadoutRequest(41, new org.metergate.bus.MeterAddress.Primary(fleet.get(3).primaryAddress()),
                        null, org.metergate.bus.MultiTelegram.AUTO, 500, 0, null))
                : List.of();
        camel.getRegistry().bind("installed", source);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("&meterSource=#installed&delay=60000")).routeId("installed").process(got::add);
            }
        });
        camel.start();
        Exchange e = got.poll(20, TimeUnit.SECONDS);
        assertThat(e).isNotNull();
        assertThat(e.getMessage().getHeader(MbusConstants.METER_ID)).isEqualTo(41L);
        assertThat(e.getMessage().getBody(ReadoutResult.class).readout().header().id()).isEqualTo(fleet.get(3).id());
    }

    @Test
    void consumerRunsOnTheGatewaysCronSchedulerAndShowsThereAsAJob() throws Exception {
        BlockingQueue<Exchange> got = new LinkedBlockingQueue<>();
        // Every 300 ms from now on: a real cron minute would make this test slow.
        org.metergate.schedule.Schedule every300ms = new org.metergate.schedule.Schedule() {
            @Override
            public java.util.Optional<java.time.ZonedDateTime> next(java.time.ZonedDateTime after) {
                return java.util.Optional.of(java.time.ZonedDateTime.now(zone()).plusNanos(300_000_000L));
            }

            @Override
            public String expression() {
                return "every 300 ms";
            }

            @Override
            public String resolvedExpression() {
                return expression();
            }

            @Override
            public java.time.ZoneId zone() {
                return ZoneOffset.UTC;
            }
        };
        try (org.metergate.schedule.GatewayScheduler scheduler = new org.metergate.schedule.GatewayScheduler()) {
            camel.getRegistry().bind("cron", new CronPollScheduler(scheduler, every300ms));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri("&meters=" + fleet.get(0).primaryAddress() + "&scheduler=#cron")).routeId("cron-readout").process(got::add);
                }
            });
            camel.start();
            assertThat(got.poll(20, TimeUnit.SECONDS)).isNotNull();
            assertThat(got.poll(20, TimeUnit.SECONDS)).as("a second scheduled poll").isNotNull();
            assertThat(scheduler.list()).extracting(j -> j.jobId()).contains("cron-readout");
            camel.getRouteController().stopRoute("cron-readout");
            assertThat(scheduler.list()).extracting(j -> j.jobId()).doesNotContain("cron-readout");
        }
    }

    @Test
    void endpointsOfOneBusShareOneOwner() throws Exception {
        camel.start();
        MbusEndpoint a = camel.getEndpoint(uri("&meters=1"), MbusEndpoint.class);
        MbusEndpoint b = camel.getEndpoint(uri("&meters=2"), MbusEndpoint.class);
        assertThat(a.owner()).isSameAs(b.owner());
    }

    @Test
    void badEndpointOptionsAreClearErrors() {
        camel.start();
        assertThatThrownBy(() -> camel.getEndpoint("mbus:x?baud=2400"))
                .hasStackTraceContaining("needs either port=<serial port> or host=<host>&tcpPort=<port>");
        assertThatThrownBy(() -> camel.getEndpoint("mbus:y?host=127.0.0.1&tcpPort=1&baud=1234")).hasStackTraceContaining("baud must be");
        assertThatThrownBy(() -> camel.getEndpoint(uri("&meters=999"))).hasStackTraceContaining("primary address must be 0..250, got 999");
    }
}
