/**
 * Schedules: the gateway's cron dialect (manual section 6.39, SPEC D1-D2) and running jobs on it
 * with Quartz.
 *
 * <ul>
 *   <li>{@link org.metergate.schedule.CronSchedule#parse} reads {@code minute hour day-of-month month
 *   day-of-week} with lists, ranges, steps, names, {@code ?} random values (drawn once from a seed the
 *   caller stores with the settings) and {@code |} or space-separated combinations. Both day fields
 *   restricted means both must match (AND, as table 11 says), unlike Vixie cron's OR. Errors are
 *   {@link org.metergate.schedule.CronSyntaxException}s with a character position.</li>
 *   <li>{@link org.metergate.schedule.Schedule#next} gives the next fire time in a zone; see
 *   {@link org.metergate.schedule.WallClock} for daylight saving. Impossible expressions
 *   ({@code 0 0 31 2 *}) return empty instead of searching forever.</li>
 *   <li>{@link org.metergate.schedule.Preset} are the settings form's presets as expressions.</li>
 *   <li>{@link org.metergate.schedule.GatewayScheduler} runs jobs on Quartz (RAMJobStore) with one
 *   self-re-arming one-shot trigger per job; {@code scheduleAfter} runs a report after the readout it
 *   belongs to (SPEC D6).</li>
 *   <li>{@link org.metergate.schedule.AdaptiveRetries} is table 10 (SPEC F7), derived from the gap to
 *   a report schedule's next fire.</li>
 * </ul>
 *
 * <p>Only the JDK, Quartz and SLF4J (Quartz's logging API) are used here, so the package can be
 * tested without Camel.
 */
package org.metergate.schedule;
