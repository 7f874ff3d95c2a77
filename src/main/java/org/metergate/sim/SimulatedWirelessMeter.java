package org.metergate.sim;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.metergate.wmbus.WmbusEncoder;

/**
 * A wireless meter of the simulator: each call to {@link #telegram(Instant)} is the next SND_NR it
 * sends (access number and, in mode 7, the AFL message counter counting up), with its counter
 * value grown by the consumption since the epoch of the simulation, encrypted and framed as its
 * spec says. Thread-safe.
 */
public final class SimulatedWirelessMeter {
    private final WirelessMeterSpec spec;
    private final Consumption consumption;
    private final Instant epoch;
    private int accessNumber;
    private long messageCounter;

    public SimulatedWirelessMeter(WirelessMeterSpec spec, Instant epoch, int firstAccessNumber) {
        this.spec = spec;
        this.epoch = epoch;
        this.accessNumber = firstAccessNumber & 0xFF;
        this.messageCounter = 1 + (firstAccessNumber & 0xFF);
        this.consumption = switch (spec.kind()) {
            case WATER -> new Consumption(0.02, 0.1, 0.6, 19); // m3/h
            case HEAT -> new Consumption(1.5, 0.6, 0.2, 7); // kWh/h
            case GAS -> new Consumption(0.15, 0.6, 0.3, 18); // m3/h
            case ELECTRICITY -> new Consumption(400, 0.2, 0.5, 19); // Wh/h
        };
    }

    public WirelessMeterSpec spec() {
        return spec;
    }

    /** The counter value at {@code now} in the unit the telegram carries (m3, kWh or Wh). */
    public double value(Instant now) {
        return spec.startValue() + Math.max(0, consumption.between(epoch, now));
    }

    /** The next telegram this meter sends at {@code now}, in its frame format. */
    public synchronized byte[] telegram(Instant now) {
        int acc = accessNumber;
        accessNumber = (accessNumber + 1) & 0xFF;
        long counter = messageCounter++;
        return WmbusEncoder.encode(new WmbusEncoder.Plan(0x44, spec.meterId(), acc, 0, spec.securityMode(), spec.key(),
                counter, records(now), spec.format()));
    }

    /** The application data: date/time, the main counter and a kind-specific second value. */
    byte[] records(Instant now) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x04, 0x6D});
        out.writeBytes(dateTime(now));
        double v = value(now);
        switch (spec.kind()) {
            case WATER, GAS -> {
                out.writeBytes(new byte[] {0x0C, 0x13}); // volume, 0.001 m3, 8 BCD digits
                out.writeBytes(bcd(Math.round(v * 1000), 4));
                out.writeBytes(new byte[] {0x02, (byte) 0xFD, 0x17}); // error flags
                out.writeBytes(new byte[] {0, 0});
            }
            case HEAT -> {
                out.writeBytes(new byte[] {0x0C, 0x06}); // energy, kWh
                out.writeBytes(bcd(Math.round(v), 4));
                out.writeBytes(new byte[] {0x0C, 0x13}); // volume through the meter, 0.001 m3
                out.writeBytes(bcd(Math.round(v / 50.0 * 1000), 4));
                double flow = 55 + 10 * Math.sin(now.getEpochSecond() / 3600.0);
                out.writeBytes(new byte[] {0x0A, 0x5A}); // flow temperature, 0.1 °C
                out.writeBytes(bcd(Math.round(flow * 10), 2));
                out.writeBytes(new byte[] {0x0A, 0x5E}); // return temperature, 0.1 °C
                out.writeBytes(bcd(Math.round((flow - 20) * 10), 2));
            }
            case ELECTRICITY -> {
                out.writeBytes(new byte[] {0x0C, 0x03}); // energy, Wh
                out.writeBytes(bcd(Math.round(v) % 100_000_000L, 4));
                out.writeBytes(new byte[] {0x04, 0x2B}); // power, W
                long w = Math.round(consumption.rate(now));
                out.writeBytes(new byte[] {(byte) w, (byte) (w >> 8), (byte) (w >> 16), (byte) (w >> 24)});
            }
        }
        return out.toByteArray();
    }

    /** EN 13757-3 type F (date and time, 4 bytes), UTC. */
    static byte[] dateTime(Instant now) {
        ZonedDateTime t = now.atZone(ZoneOffset.UTC);
        int year = t.getYear() % 100;
        return new byte[] {(byte) t.getMinute(), (byte) t.getHour(),
                (byte) (t.getDayOfMonth() | (year & 0x07) << 5), (byte) (t.getMonthValue() | (year >> 3) << 4)};
    }

    static byte[] bcd(long value, int bytes) {
        byte[] out = new byte[bytes];
        long v = Math.abs(value);
        for (int i = 0; i < bytes; i++) {
            int lo = (int) (v % 10);
            v /= 10;
            int hi = (int) (v % 10);
            v /= 10;
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }
}
