package org.metergate.report.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.metergate.report.Protocol;
import org.metergate.report.ReportPeriod;
import org.metergate.report.ValueInterval;
import org.metergate.report.delivery.Destination;

/** Value periods (SPEC F5), schedules (F4, D6) and the validation of report settings. */
class ReportSettingsTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");
    private static final Instant NOW = Instant.parse("2026-03-31T10:00:00Z");
    private static final Duration CYCLE = Duration.ofMinutes(15);

    private static final DestinationFactory ANY = new DestinationFactory() {
        @Override
        public List<FieldError> validate(Protocol protocol, Map<String, String> overrides, boolean complete) {
            return overrides.containsKey("bogus") ? List.of(new FieldError("bogus", "unknown setting")) : List.of();
        }

        @Override
        public Destination create(Protocol protocol, Map<String, String> overrides) {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    void autoStartsAtTheEndOfTheLastDeliveredPeriodAtMost180CyclesBack() {
        ValuePeriod auto = ValuePeriod.parse("auto");
        Instant delivered = NOW.minus(Duration.ofHours(2));
        assertThat(auto.ending(NOW, Optional.of(delivered), CYCLE, ZONE)).isEqualTo(new ReportPeriod(delivered, NOW));
        // never delivered, or delivered long ago: 180 × 15 min = 45 h back
        assertThat(auto.ending(NOW, Optional.empty(), CYCLE, ZONE)).isEqualTo(new ReportPeriod(NOW.minus(Duration.ofHours(45)), NOW));
        assertThat(auto.ending(NOW, Optional.of(NOW.minus(Duration.ofDays(9))), CYCLE, ZONE))
                .isEqualTo(new ReportPeriod(NOW.minus(Duration.ofHours(45)), NOW));
        // an hourly readout reaches 180 h back
        assertThat(auto.ending(NOW, Optional.empty(), Duration.ofHours(1), ZONE).from()).isEqualTo(NOW.minus(Duration.ofHours(180)));
    }

    @Test
    void fixedPeriodsEndAtTheReportsTime() {
        assertThat(ValuePeriod.parse("24 hours").ending(NOW, Optional.of(NOW), CYCLE, ZONE))
                .isEqualTo(new ReportPeriod(NOW.minus(Duration.ofHours(24)), NOW));
        assertThat(ValuePeriod.parse("7 days").ending(NOW, Optional.empty(), CYCLE, ZONE).from()).isEqualTo(NOW.minus(Duration.ofDays(7)));
        // months are calendar months in the gateway's zone: 31 March -> 28 February (not 30 days)
        assertThat(ValuePeriod.parse("1 month").ending(NOW, Optional.empty(), CYCLE, ZONE).from())
                .isEqualTo(Instant.parse("2026-02-28T11:00:00Z")); // 12:00 local both times (CEST, then CET)
        assertThat(ValuePeriod.parse("2 Hours").text()).isEqualTo("2 hours");
    }

    @Test
    void badPeriodsAreRejectedWithTheAcceptedForms() {
        for (String bad : List.of("", "soon", "0 hours", "3 weeks", "1001 days", "x days")) {
            assertThatThrownBy(() -> ValuePeriod.parse(bad)).as(bad).hasMessageContaining("'auto' or '<n> hours|days|months'");
        }
    }

    @Test
    void presetsAreSynchronisedWithTheReadoutCronIsNot() {
        ReportSchedule daily = ReportSchedule.parse("daily", 0, ZONE);
        assertThat(daily.synchronised()).isTrue();
        assertThat(daily.text()).isEqualTo("DAILY");
        assertThat(ReportSchedule.parse("every-15-minutes", 0, ZONE).synchronised()).isTrue();
        ReportSchedule cron = ReportSchedule.parse("0 6 * * *", 0, ZONE);
        assertThat(cron.synchronised()).isFalse();
        assertThat(cron.schedule().resolvedExpression()).isEqualTo("0 6 * * *");
    }

    @Test
    void everyInvalidFieldIsNamed() {
        ReportDefinition bad = new ReportDefinition("2", true, 4101, "0 25 * * *", 0, "3 weeks", ValueInterval.ALL,
                Map.of("bogus", "x"), false, true, -2, 100_000);
        List<FieldError> errors = bad.validate("reports[0].", ZONE, ANY);
        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("reports[0].template", "reports[0].schedule",
                "reports[0].period", "reports[0].allMeters", "reports[0].retries", "reports[0].retrySeconds");
        assertThat(errors).filteredOn(e -> e.field().endsWith("schedule")).first().extracting(FieldError::reason).asString()
                .contains("neither a preset");
        // with a valid template the recipients are checked by the protocol's destination factory
        ReportDefinition badRecipient = new ReportDefinition("2", true, 1101, "DAILY", 0, "auto", ValueInterval.ALL,
                Map.of("bogus", "x"), true, true, null, null);
        assertThat(badRecipient.validate("", ZONE, ANY)).containsExactly(new FieldError("recipients.bogus", "unknown setting"));
        assertThat(ReportDefinition.defaults("1").validate("", ZONE, ANY)).isEmpty();
        assertThat(ReportDefinition.defaults("startup").validate("", ZONE, ANY)).isEmpty();
    }

    @Test
    void aChangeKeepsWhatItDoesNotNameAndDrawsANewSeedForANewExpression() {
        ReportDefinition d = ReportDefinition.defaults("3");
        ReportDefinition changed = new ReportChange("3", true, null, "?0-59 5 * * *", null, "day", null, null, null, null, null)
                .applyTo(d, "", () -> 42L);
        assertThat(changed.enabled()).isTrue();
        assertThat(changed.template()).isEqualTo(1101);
        assertThat(changed.scheduleSeed()).isEqualTo(42L);
        assertThat(changed.interval()).isEqualTo(ValueInterval.DAY);
        ReportDefinition same = new ReportChange("3", null, null, "?0-59 5 * * *", null, null, null, null, null, null, null)
                .applyTo(changed, "", () -> 7L);
        assertThat(same.scheduleSeed()).isEqualTo(42L);
        assertThatThrownBy(() -> new ReportChange("3", null, null, null, null, "weekly", null, null, null, null, null)
                .applyTo(d, "reports[2].", () -> 1L))
                .isInstanceOfSatisfying(ReportSettingsException.class,
                        e -> {
                            assertThat(e.errors()).extracting(FieldError::field).containsExactly("reports[2].interval");
                            assertThat(e.errors().get(0).reason()).contains("ALL, HOUR, DAY, WEEK, MONTH");
                        });
        assertThat(new ReportChange("3", null, null, null, null, "Week", null, null, null, null, null)
                .applyTo(d, "", () -> 1L).interval()).isEqualTo(ValueInterval.WEEK);
    }
}
