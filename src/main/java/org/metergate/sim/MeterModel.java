package org.metergate.sim;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.metergate.mbus.Bytes;
import org.metergate.mbus.DataCoding;
import org.metergate.mbus.DataRecord;
import org.metergate.mbus.Function;
import org.metergate.mbus.MbusValue;

/**
 * The physics of one simulated meter: the records it reports at a given instant. Counters are
 * the integral of a {@link Consumption} since an installation date, so they only grow, and two
 * reads at the same instant give identical records (tests compare the decoded telegrams with
 * {@link #records(Instant)} for a fixed clock). Everything random comes from the meter's seed.
 *
 * <p>Layout, as real meters do it: current values first, then the value at the last due date
 * (storage 1, the first of the month), and for multi-telegram meters a 12-month history
 * (storage 2..13) that goes into the following telegrams. Times are UTC.
 */
final class MeterModel {
    private static final Instant EARLIEST_INSTALL = Instant.parse("2019-01-01T00:00:00Z");
    /** kWh to warm one cubic metre of water by one kelvin. */
    private static final double KWH_PER_M3_K = 1.163;
    static final int HISTORY_MONTHS = 12;

    private final MeterSpec spec;
    private final Instant installed;
    private final Consumption consumption;
    private final double startCounter;
    private final long fabricationNo;
    /** Heat: design temperature difference (K). Electricity: share of tariff 1. */
    private final double parameter;

    MeterModel(MeterSpec spec) {
        this.spec = spec;
        Random r = new Random(spec.seed());
        installed = EARLIEST_INSTALL.plusSeconds(3600L * 24 * r.nextInt(700));
        fabricationNo = 10_000_000L + r.nextInt(89_999_999);
        switch (spec.kind()) {
            case HEAT -> {
                consumption = new Consumption(0.5 + 5.5 * r.nextDouble(), 0.6, 0.2, 6); // kWh/h
                startCounter = r.nextInt(20_000);
                parameter = 15 + 15 * r.nextDouble();
            }
            case WATER -> {
                consumption = new Consumption(5 + 20 * r.nextDouble(), 0.1, 0.6, 19); // l/h
                startCounter = r.nextInt(500_000);
                parameter = 0;
            }
            case ELECTRICITY -> {
                consumption = new Consumption(0.2 + 1.3 * r.nextDouble(), 0.25, 0.45, 19); // kWh/h
                startCounter = r.nextInt(50_000);
                parameter = 0.55 + 0.2 * r.nextDouble();
            }
            case GAS -> {
                consumption = new Consumption(0.05 + 0.35 * r.nextDouble(), 0.55, 0.3, 7); // m3/h
                startCounter = r.nextInt(30_000);
                parameter = 0;
            }
            default -> throw new IllegalStateException(spec.kind().toString());
        }
    }

    /** All records at {@code now}, in telegram order. */
    List<DataRecord> records(Instant now) {
        List<DataRecord> out = new ArrayList<>(current(now));
        out.addAll(history(now));
        return out;
    }

    /**
     * The records split into the meter's telegrams: the current values first, the history
     * spread evenly over the remaining telegrams. A single-telegram meter has no history.
     */
    List<List<DataRecord>> telegramRecords(Instant now) {
        List<List<DataRecord>> out = new ArrayList<>();
        out.add(current(now));
        int rest = spec.telegrams() - 1;
        if (rest > 0) {
            List<DataRecord> h = history(now);
            int perTelegram = (h.size() / 2 + rest - 1) / rest * 2; // keep date + value pairs together
            for (int i = 0; i < rest; i++) {
                out.add(h.subList(Math.min(h.size(), i * perTelegram), Math.min(h.size(), (i + 1) * perTelegram)));
            }
        }
        return out;
    }

    /** Counter in the meter's main unit (kWh, litres, kWh, m3) at {@code t}. */
    double counter(Instant t) {
        Instant at = t.isBefore(installed) ? installed : t;
        return startCounter + consumption.between(installed, at);
    }

    private List<DataRecord> current(Instant now) {
        List<DataRecord> l = new ArrayList<>();
        Instant dueDate = firstOfMonth(now, 0);
        double rate = consumption.rate(now);
        switch (spec.kind()) {
            case HEAT -> {
                double dt = parameter * (1 + 0.1 * Math.cos(2 * Math.PI * Consumption.hours(now) / 24));
                double season = 0.5 + 0.5 * Math.cos(2 * Math.PI
                        * (Consumption.hours(now) - Consumption.WINTER_PEAK_H) / Consumption.YEAR_H);
                double flowT = 50 + 20 * season;
                l.add(rec(0, 0, DataCoding.INT32, 0x06, num((long) counter(now), 3)));            // energy kWh
                l.add(rec(0, 0, DataCoding.INT32, 0x14, num(heatVolume(now), -2)));               // volume 0.01 m3
                l.add(rec(0, 0, DataCoding.INT24, 0x2B, num(Math.round(rate * 1000), 0)));         // power W
                l.add(rec(0, 0, DataCoding.INT24, 0x3B, num(Math.round(rate / (KWH_PER_M3_K * dt) * 1000), -3))); // l/h
                l.add(rec(0, 0, DataCoding.INT16, 0x5A, num(Math.round(flowT * 10), -1)));        // flow 0.1 C
                l.add(rec(0, 0, DataCoding.INT16, 0x5E, num(Math.round((flowT - dt) * 10), -1))); // return 0.1 C
                l.add(rec(0, 0, DataCoding.INT16, 0x61, num(Math.round(dt * 100), -2)));          // dT 0.01 K
                l.add(rec(0, 0, DataCoding.INT32, 0x22, num(hoursSinceInstall(now) * 3600, 0)));  // on time h
                l.add(dateTime(now));
                l.add(rec(1, 0, DataCoding.INT32, 0x06, num((long) counter(dueDate), 3)));
                l.add(rec(1, 0, DataCoding.INT32, 0x14, num(heatVolume(dueDate), -2)));
                l.add(date(1, dueDate));
            }
            case WATER -> {
                l.add(rec(0, 0, DataCoding.BCD8, 0x13, num((long) counter(now), -3)));            // volume l
                l.add(rec(0, 0, DataCoding.INT16, 0x3B, num(Math.round(rate), -3)));              // flow l/h
                l.add(rec(0, 0, DataCoding.INT32, 0x26, num(hoursSinceInstall(now) * 3600, 0)));  // operating h
                l.add(dateTime(now));
                l.add(rec(1, 0, DataCoding.BCD8, 0x13, num((long) counter(dueDate), -3)));
                l.add(date(1, dueDate));
            }
            case ELECTRICITY -> {
                long total = (long) (counter(now) * 10);                                        // 0.1 kWh
                long t1 = (long) (total * parameter);
                l.add(rec(0, 0, DataCoding.INT32, 0x05, num(total, 2)));
                l.add(rec(0, 1, DataCoding.INT32, 0x05, num(t1, 2)));                            // tariff 1 (day)
                l.add(rec(0, 2, DataCoding.INT32, 0x05, num(total - t1, 2)));                    // tariff 2 (night)
                l.add(rec(0, 0, DataCoding.INT24, 0x2B, num(Math.round(rate * 1000), 0)));       // power W
                l.add(dateTime(now));
                l.add(rec(1, 0, DataCoding.INT32, 0x05, num((long) (counter(dueDate) * 10), 2)));
                l.add(date(1, dueDate));
            }
            case GAS -> {
                l.add(rec(0, 0, DataCoding.BCD8, 0x14, num((long) (counter(now) * 100), -2)));  // 0.01 m3
                l.add(rec(0, 0, DataCoding.INT32, 0x26, num(hoursSinceInstall(now) * 3600, 0)));
                l.add(dateTime(now));
                l.add(rec(1, 0, DataCoding.BCD8, 0x14, num((long) (counter(dueDate) * 100), -2)));
                l.add(date(1, dueDate));
            }
            default -> throw new IllegalStateException();
        }
        l.add(rec(0, 0, DataCoding.BCD8, 0x78, num(fabricationNo, 0)));
        return l;
    }

    /** Month-end values of the last {@link #HISTORY_MONTHS} months, storage 2..13 (date, counter). */
    private List<DataRecord> history(Instant now) {
        if (spec.telegrams() == 1) {
            return List.of();
        }
        List<DataRecord> l = new ArrayList<>();
        for (int k = 1; k <= HISTORY_MONTHS; k++) {
            Instant due = firstOfMonth(now, -k);
            long storage = k + 1;
            l.add(date(storage, due));
            l.add(switch (spec.kind()) {
                case HEAT -> rec(storage, 0, DataCoding.INT32, 0x06, num((long) counter(due), 3));
                case WATER -> rec(storage, 0, DataCoding.BCD8, 0x13, num((long) counter(due), -3));
                case ELECTRICITY -> rec(storage, 0, DataCoding.INT32, 0x05, num((long) (counter(due) * 10), 2));
                case GAS -> rec(storage, 0, DataCoding.BCD8, 0x14, num((long) (counter(due) * 100), -2));
            });
        }
        return l;
    }

    private long heatVolume(Instant t) {
        return (long) (counter(t) / (KWH_PER_M3_K * parameter) * 100);
    }

    private long hoursSinceInstall(Instant now) {
        return Math.max(0, (now.getEpochSecond() - installed.getEpochSecond()) / 3600);
    }

    private static Instant firstOfMonth(Instant now, int monthsOffset) {
        YearMonth ym = YearMonth.from(now.atOffset(ZoneOffset.UTC)).plusMonths(monthsOffset);
        return ym.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static DataRecord dateTime(Instant now) {
        LocalDateTime t = LocalDateTime.ofInstant(now, ZoneOffset.UTC);
        return rec(0, 0, DataCoding.INT32, 0x6D, new MbusValue.DateTime(t.getYear(), t.getMonthValue(),
                t.getDayOfMonth(), t.getHour(), t.getMinute(), -1, false, false));
    }

    private static DataRecord date(long storage, Instant at) {
        LocalDate d = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return rec(storage, 0, DataCoding.INT16, 0x6C, new MbusValue.Date(d.getYear(), d.getMonthValue(), d.getDayOfMonth()));
    }

    /** A raw integer in units of 10^exponent. */
    private static MbusValue num(long raw, int exponent) {
        return new MbusValue.Numeric(BigDecimal.valueOf(raw, -exponent));
    }

    private static DataRecord rec(long storage, int tariff, DataCoding coding, int vif, MbusValue value) {
        return DataRecord.of(Function.INSTANTANEOUS, storage, tariff, 0, coding, Bytes.of((byte) vif), value);
    }
}
