package org.metergate.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metergate.sim.MeterKind;
import org.metergate.sim.MeterSpec;
import org.metergate.sim.SimulatedBus;
import org.metergate.sim.SimulatedMeter;
import org.metergate.sim.SimulatorServer;
import org.metergate.sim.WireTiming;
import org.slf4j.LoggerFactory;

/**
 * A meter's own multi-telegram limit (SPEC A5) and timing (SPEC A6) as they show on the wire, against the
 * simulator over TCP: telegrams and requests counted, a late meter read only with a long enough window.
 */
class MeterOwnSettingsTest {

    static final int BAUD = 38400;
    SimulatedMeter multi = new SimulatedMeter(new MeterSpec(10, "00000010", "KAM", 1, MeterKind.HEAT, 3, 10),
            MasterAgainstSimulatorTest.CLOCK);
    SimulatedMeter late = new SimulatedMeter(new MeterSpec(11, "00000011", "SEN", 1, MeterKind.WATER, 1, 11),
            MasterAgainstSimulatorTest.CLOCK);
    SimulatedMeter silent = new SimulatedMeter(new MeterSpec(12, "00000012", "SEN", 1, MeterKind.WATER, 1, 12),
            MasterAgainstSimulatorTest.CLOCK);
    SimulatorServer sim;
    MbusMaster master;
    MeterReader reader;

    /** Single-telegram readouts get a short answer window, multi-telegram ones a long one (like table 8's columns). */
    static final TimingProfile PROFILE = (baud, multiTelegram) -> multiTelegram
            ? new BusTiming(700, 1, 1, 0, 5, 1, 200)
            : new BusTiming(150, 1, 1, 0, 5, 1, 200);

    @BeforeEach
    void start() throws Exception {
        late.faults(late.faults().withLateBy(Duration.ofMillis(350)));
        silent.faults(silent.faults().withSilent(true));
        sim = SimulatorServer.tcp(new SimulatedBus(java.util.List.of(multi, late, silent), WireTiming.of(BAUD)), 0, false);
        master = new MbusMaster(new TcpTransport("127.0.0.1", sim.port(), BAUD, 2000), PROFILE.timing(BAUD, false), PROFILE,
                Sleeper.REAL);
        reader = new MeterReader(master, MasterAgainstSimulatorTest.CLOCK);
    }

    @AfterEach
    void stop() throws Exception {
        master.transport().close();
        sim.close();
    }

    private ReadoutRequest request(SimulatedMeter m, MultiTelegram mode, Integer timeout, Integer retries, Integer pause) {
        return new ReadoutRequest(m.primaryAddress(), new MeterAddress.Primary(m.primaryAddress()), null, mode, timeout, retries, pause);
    }

    /** SND_NKE first, so the readout's own request count holds no link reset (MeterReader resets an unknown link). */
    private ReadoutResult read(SimulatedMeter m, MultiTelegram mode) throws Exception {
        master.sndNke(m.primaryAddress());
        return reader.read(request(m, mode, null, null, null));
    }

    /**
     * EN 13757-2: the meter keeps the FCB of its last answered REQ_UD2. After a readout of 3 telegrams (FCB 1, 0, 1)
     * a readout starting with FCB 1 again would get telegram 3 repeated instead of a fresh telegram 1. The first
     * readout since start resets the link (SND_NKE, the link state is unknown); later ones continue the toggling.
     */
    @Test
    void readoutsOfAPrimaryMeterFollowOnWithoutRepeatsOrResets() throws Exception {
        ReadoutRequest request = request(multi, MultiTelegram.AUTO, null, null, null);
        ReadoutResult first = reader.read(request);
        assertThat(first.requests()).as("SND_NKE, then 3 REQ_UD2").isEqualTo(4);
        for (int i = 0; i < 3; i++) {
            ReadoutResult again = reader.read(request);
            assertThat(again.ok()).isTrue();
            assertThat(again.requests()).as("no reset needed: 3 REQ_UD2").isEqualTo(3);
            assertThat(again.telegrams()).hasSize(3);
            assertThat(again.readout().records()).isEqualTo(multi.records(MasterAgainstSimulatorTest.CLOCK.instant()));
        }
        // after a raw command the master cannot know the meters' link state: the next readout resets first
        master.forgetLinkStates();
        assertThat(reader.read(request).requests()).isEqualTo(4);
        // a meter that stopped answering is reset again before its next readout
        ReadoutResult none = reader.read(request(silent, MultiTelegram.AUTO, null, null, null));
        assertThat(none.ok()).isFalse();
        assertThat(master.freshFcb(silent.primaryAddress())).isNull();
    }

    @Test
    void maxTelegramsZeroReadsAllAnnouncedOneReadsOneAndNReadsN() throws Exception {
        ReadoutResult auto = read(multi, MultiTelegram.AUTO);
        assertThat(auto.telegrams()).hasSize(3);
        assertThat(auto.requests()).isEqualTo(3);
        assertThat(auto.readout().complete()).isTrue();
        assertThat(auto.readout().records()).isEqualTo(multi.records(MasterAgainstSimulatorTest.CLOCK.instant()));

        ReadoutResult one = read(multi, new MultiTelegram(true, 1));
        assertThat(one.status()).isEqualTo(ReadoutResult.Status.OK);
        assertThat(one.telegrams()).hasSize(1);
        assertThat(one.requests()).isEqualTo(1);
        assertThat(one.message()).isEqualTo("1 telegram, more announced (limit 1)");

        ReadoutResult two = read(multi, new MultiTelegram(true, 2));
        assertThat(two.telegrams()).hasSize(2);
        assertThat(two.requests()).isEqualTo(2);
        assertThat(two.message()).isEqualTo("2 telegrams, more announced (limit 2)");
        assertThat(two.readout().records()).isEqualTo(multi.telegramRecords(MasterAgainstSimulatorTest.CLOCK.instant()).stream()
                .limit(2).flatMap(java.util.List::stream).toList());

        assertThat(read(multi, MultiTelegram.OFF).telegrams()).hasSize(1);
    }

    @Test
    void autoStopsAtTheSafetyCapWithALogLineButAConfiguredLimitIsNotCapped() throws Exception {
        multi.faults(multi.faults().withEndless(true));
        Logger log = (Logger) LoggerFactory.getLogger(MeterReader.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        try {
            ReadoutResult auto = read(multi, MultiTelegram.AUTO);
            assertThat(auto.status()).isEqualTo(ReadoutResult.Status.OK);
            assertThat(auto.telegrams()).hasSize(MultiTelegram.AUTO_CAP);
            assertThat(auto.message()).isEqualTo(MultiTelegram.AUTO_CAP + " telegrams, more announced (auto safety cap "
                    + MultiTelegram.AUTO_CAP + ")");
            assertThat(lines.list).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                    .contains("still announces more telegrams after " + MultiTelegram.AUTO_CAP, "safety cap"));

            ReadoutResult many = read(multi, new MultiTelegram(true, 70));
            assertThat(many.telegrams()).as("a configured limit above the auto cap is honoured").hasSize(70);
            assertThat(lines.list).as("a configured limit is no surprise: no warning").hasSize(1);
        } finally {
            log.detachAppender(lines);
        }
        assertThatThrownBy(() -> new MultiTelegram(true, 256)).hasMessageContaining("0 (auto) .. 255");
    }

    @Test
    void theTimingSetFollowsTheMetersMultiTelegramModeWithItsOverridesOnTop() throws Exception {
        // the late meter answers after 350 ms: outside the single set's 150 ms window, inside the multi set's 700 ms.
        // Its link is reset first with a window it can meet, so the readouts below need no reset of their own.
        BusTiming bus = master.timing();
        master.setTiming(PROFILE.timing(BAUD, true));
        assertThat(master.sndNke(late.primaryAddress()).isAck()).isTrue();
        master.setTiming(bus);
        assertThat(reader.read(request(late, MultiTelegram.OFF, null, null, null)).status())
                .isEqualTo(ReadoutResult.Status.NO_ANSWER);
        Thread.sleep(1000); // its late answers to the unanswered requests pass before the next readout begins
        assertThat(reader.read(request(late, MultiTelegram.AUTO, null, null, null)).status())
                .isEqualTo(ReadoutResult.Status.OK);
        // a single-telegram meter with its own response timeout override is read
        assertThat(reader.read(request(late, MultiTelegram.OFF, 600, null, null)).status()).isEqualTo(ReadoutResult.Status.OK);
        // and a multi-telegram meter whose override is shorter than the set's window is not
        assertThat(reader.read(request(late, MultiTelegram.AUTO, 100, 0, null)).status()).isEqualTo(ReadoutResult.Status.NO_ANSWER);
        // the bus's own timing is back after each readout
        assertThat(master.timing()).isEqualTo(PROFILE.timing(BAUD, false));
    }

    @Test
    void retryAndPauseOverridesShowOnTheWire() throws Exception {
        // a meter that does not answer has an unknown link state, so each readout resets it first (one SND_NKE)
        long before = master.counters().requests();
        reader.read(request(silent, MultiTelegram.OFF, 20, 0, null));
        assertThat(master.counters().requests() - before).isEqualTo(1 + 1);
        before = master.counters().requests();
        reader.read(request(silent, MultiTelegram.OFF, 20, 3, null));
        assertThat(master.counters().requests() - before).isEqualTo(1 + 4);
        before = master.counters().requests();
        reader.read(request(silent, MultiTelegram.OFF, 20, null, null));
        assertThat(master.counters().requests() - before).as("the set's own retries").isEqualTo(1 + 2);

        // a pause of 300 ms before each request after the first: three telegrams take at least 600 ms
        ReadoutResult paced = reader.read(request(multi, MultiTelegram.AUTO, null, null, 300));
        assertThat(paced.telegrams()).hasSize(3);
        assertThat(paced.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }
}
