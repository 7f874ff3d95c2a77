package org.metergate.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.Year;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * One parsed 5-field expression with every {@code ?} already resolved to its chosen value.
 *
 * <p><b>Day fields are combined with AND.</b> When both day-of-month and day-of-week are
 * restricted, a day matches only if it satisfies both: {@code * 12 16 * mon} fires on a Monday that
 * is also the 16th, exactly as the manual's table 11 describes. Vixie cron (and POSIX) uses OR in
 * that case ("the 16th, and every Monday"); Quartz forbids it. A {@code *} matches every day, so
 * with one day field left as {@code *} the other alone decides, as everywhere.
 *
 * @param text the expression as displayed, {@code ?} elements replaced by their values
 */
public record CronExpression(FieldValues minutes, FieldValues hours, FieldValues daysOfMonth,
                             FieldValues months, FieldValues daysOfWeek, String text) {

    /**
     * How far the search looks ahead. The Gregorian calendar repeats every 400 years, so a day
     * pattern that does not occur within 400 years never occurs; the bound makes the search finite
     * even if {@link #canEverFire()} missed a case.
     */
    static final int SEARCH_YEARS = 400;

    /** Parses a single 5-field expression (no {@code |}, no {@code ?} other than resolved by {@code seed}). */
    public static CronExpression parse(String text, long seed) {
        List<CronExpression> all = CronParser.parse(text, seed);
        if (all.size() != 1) {
            throw new CronSyntaxException("expected one expression but found " + all.size(), 0, null);
        }
        return all.get(0);
    }

    @Override
    public String toString() {
        return text;
    }

    /** True when the wall-clock minute {@code t} matches (seconds are ignored). */
    public boolean matches(LocalDateTime t) {
        return months.contains(t.getMonthValue()) && dayMatches(t.toLocalDate())
                && hours.contains(t.getHour()) && minutes.contains(t.getMinute());
    }

    private boolean dayMatches(LocalDate d) {
        return daysOfMonth.contains(d.getDayOfMonth()) && daysOfWeek.contains(d.getDayOfWeek().getValue() % 7);
    }

    /**
     * False for combinations no calendar date satisfies, such as {@code 0 0 31 2 *} or
     * {@code 0 0 31 4,6 *}. (Any day-of-month/month pair that exists, including 29 February, falls on
     * every weekday within the 400-year cycle, so the weekday cannot make a valid pair impossible.)
     */
    public boolean canEverFire() {
        for (int m = 1; m <= 12; m++) {
            if (months.contains(m) && daysOfMonth.nextFrom(1) >= 1
                    && daysOfMonth.nextFrom(1) <= Month.of(m).maxLength()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The next matching wall-clock minute strictly after {@code after}, walking the local calendar
     * (no time zone involved), or empty if none within {@value #SEARCH_YEARS} years.
     */
    public Optional<LocalDateTime> nextLocal(LocalDateTime after) {
        if (!canEverFire()) {
            return Optional.empty();
        }
        LocalDateTime start = after.truncatedTo(ChronoUnit.MINUTES);
        if (start.getYear() >= Year.MAX_VALUE - SEARCH_YEARS) {
            return Optional.empty(); // no room to search; not a date a gateway will see
        }
        start = start.plusMinutes(1);
        long lastYear = (long) start.getYear() + SEARCH_YEARS;
        LocalDate day = start.toLocalDate();
        LocalTime from = start.toLocalTime();
        while (day.getYear() <= lastYear) {
            if (!months.contains(day.getMonthValue())) {
                day = day.withDayOfMonth(1).plusMonths(1);
                from = LocalTime.MIDNIGHT;
                continue;
            }
            if (dayMatches(day)) {
                Optional<LocalTime> time = timeOfDay(from);
                if (time.isPresent()) {
                    return Optional.of(day.atTime(time.get()));
                }
            }
            day = day.plusDays(1);
            from = LocalTime.MIDNIGHT;
        }
        return Optional.empty();
    }

    /** The first matching hour:minute at or after {@code from} on a matching day. */
    private Optional<LocalTime> timeOfDay(LocalTime from) {
        for (int h = hours.nextFrom(from.getHour()); h >= 0 && h <= 23; h = hours.nextFrom(h + 1)) {
            int m = minutes.nextFrom(h == from.getHour() ? from.getMinute() : 0);
            if (m >= 0 && m <= 59) {
                return Optional.of(LocalTime.of(h, m));
            }
        }
        return Optional.empty();
    }

    /**
     * The next fire instant strictly after {@code after} in {@code zone}; see {@link WallClock} for
     * how daylight-saving gaps and overlaps are handled.
     */
    public Optional<Instant> next(Instant after, ZoneId zone) {
        return WallClock.next(this, after, zone);
    }

    /** Every hour of the day matches, so the schedule keeps its rhythm in real time through an overlap. */
    boolean everyHour() {
        return hours.isFull();
    }
}
