package org.metergate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FloodControlTest {

    private final Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
    private final FloodControl flood = new FloodControl(Duration.ofMinutes(1));

    @Test
    void firstOccurrenceIsWrittenRepeatsWithinTheMinuteAreNot() {
        assertThat(flood.admit(LogLevel.WARNING, "bus", "timeout", t0)).isTrue();
        assertThat(flood.admit(LogLevel.WARNING, "bus", "timeout", t0.plusSeconds(10))).isFalse();
        assertThat(flood.admit(LogLevel.WARNING, "bus", "timeout", t0.plusSeconds(59))).isFalse();
        assertThat(flood.closeDue(t0.plusSeconds(59))).isEmpty();
    }

    @Test
    void closedWindowOwesOneSummaryAndTheNextOccurrenceIsWrittenAgain() {
        flood.admit(LogLevel.WARNING, "bus", "timeout", t0);
        flood.admit(LogLevel.WARNING, "bus", "timeout", t0.plusSeconds(1));
        flood.admit(LogLevel.WARNING, "bus", "timeout", t0.plusSeconds(2));

        var due = flood.closeDue(t0.plusSeconds(60));
        assertThat(due).singleElement().satisfies(s -> {
            assertThat(s.suppressed()).isEqualTo(2);
            assertThat(s.level()).isEqualTo(LogLevel.WARNING);
            assertThat(s.text()).isEqualTo("Previous message suppressed 2 times in the last minute: timeout");
        });
        assertThat(flood.admit(LogLevel.WARNING, "bus", "timeout", t0.plusSeconds(61))).isTrue();
        assertThat(flood.admit(LogLevel.WARNING, "bus", "timeout", t0.plusSeconds(62))).isFalse();
    }

    @Test
    void noSummaryWhenNothingWasSuppressed() {
        flood.admit(LogLevel.INFO, "bus", "started", t0);
        assertThat(flood.closeDue(t0.plusSeconds(120))).isEmpty();
        assertThat(flood.tracked()).isZero();
    }

    @Test
    void sourceAndMessageTogetherIdentifyARepeat() {
        assertThat(flood.admit(LogLevel.INFO, "bus1", "timeout", t0)).isTrue();
        assertThat(flood.admit(LogLevel.INFO, "bus2", "timeout", t0)).isTrue();
        assertThat(flood.admit(LogLevel.INFO, "bus1", "collision", t0)).isTrue();
    }

    @Test
    void occurrenceAfterTheWindowWhoseSummaryIsNotYetWrittenOpensANewWindow() {
        flood.admit(LogLevel.INFO, "a", "m", t0);
        flood.admit(LogLevel.INFO, "a", "m", t0.plusSeconds(5));
        // The caller closes due windows first; without that the late occurrence still is admitted.
        assertThat(flood.admit(LogLevel.INFO, "a", "m", t0.plusSeconds(70))).isTrue();
    }

    @Test
    void memoryAndLogAreBoundedWhenMessagesNeverRepeat() {
        for (int i = 0; i < FloodControl.MAX_TRACKED; i++) {
            assertThat(flood.admit(LogLevel.WARNING, "auth", "Failed login from 10.0." + i, t0)).isTrue();
        }
        for (int i = 0; i < 500; i++) {
            assertThat(flood.admit(LogLevel.WARNING, "auth", "Failed login from 10.1." + i, t0)).isFalse();
        }
        assertThat(flood.tracked()).isEqualTo(FloodControl.MAX_TRACKED);
        var due = flood.closeDue(t0.plusSeconds(60));
        assertThat(due).filteredOn(s -> s.message() == null).singleElement().satisfies(s -> {
            assertThat(s.suppressed()).isEqualTo(500);
            assertThat(s.source()).isEqualTo("auth");
            assertThat(s.text()).contains("500 further distinct messages");
        });
        assertThat(flood.admit(LogLevel.WARNING, "auth", "Failed login from 10.2.0.1", t0.plusSeconds(61))).isTrue();
    }
}
