package org.metergate.schedule;

import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * One job as the system panel shows it.
 *
 * @param jobId              the caller's name for the job, e.g. {@code readout} or {@code report-2}
 * @param expression         the schedule as written
 * @param resolvedExpression the schedule as it runs ({@code ?} values filled in)
 * @param zone               the zone the schedule is read in
 * @param runsAfter          the job this one follows (SPEC D6), or {@code null} if it has its own timer
 * @param nextFireTime       the next scheduled run, or {@code null} if the schedule never fires again
 * @param lastFireTime       when the job last started, or {@code null} if it has not run since scheduled
 */
public record ScheduledJob(String jobId, String expression, String resolvedExpression, ZoneId zone,
                           String runsAfter, ZonedDateTime nextFireTime, ZonedDateTime lastFireTime) {
}
