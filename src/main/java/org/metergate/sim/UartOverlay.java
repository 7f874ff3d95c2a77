package org.metergate.sim;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What a master's UART receives when several slaves transmit at once.
 *
 * <p>On M-Bus a slave signals a 0 (space) by drawing 11-20 mA more current; the master sees a
 * space whenever any slave draws it. Overlapping answers therefore combine as a bitwise AND of
 * the line levels (mark = 1 = idle). This class lays each answer's characters onto a timeline
 * in sixteenths of a bit (the oversampling of a common UART), ANDs them, and decodes the result
 * like a UART: wait for a low level, confirm the start bit at its middle, sample 8 data bits,
 * parity and stop at their middles, deliver the data byte (parity and framing errors are not
 * flagged: most serial stacks and all TCP converters just pass the byte on), then look for the
 * next start bit. The garbage that comes out is what the master must recognise as a collision.
 */
final class UartOverlay {
    static final int TICKS_PER_BIT = 16;
    private static final int BITS_PER_CHAR = 11;

    /** One slave's answer starting {@code offsetTicks} after the earliest one. */
    record Burst(byte[] bytes, int offsetTicks) {
    }

    /** A received byte and the tick at which its stop bit was sampled. */
    record Received(int value, int tick) {
    }

    private UartOverlay() {
    }

    static List<Received> overlay(List<Burst> bursts) {
        int total = 0;
        for (Burst b : bursts) {
            total = Math.max(total, b.offsetTicks() + b.bytes().length * BITS_PER_CHAR * TICKS_PER_BIT);
        }
        total += 2 * BITS_PER_CHAR * TICKS_PER_BIT;
        boolean[] line = new boolean[total];
        java.util.Arrays.fill(line, true);
        for (Burst b : bursts) {
            for (int k = 0; k < b.bytes().length; k++) {
                int v = b.bytes()[k] & 0xFF;
                for (int bit = 0; bit < BITS_PER_CHAR; bit++) {
                    if (!level(v, bit)) {
                        int from = b.offsetTicks() + (k * BITS_PER_CHAR + bit) * TICKS_PER_BIT;
                        java.util.Arrays.fill(line, from, from + TICKS_PER_BIT, false);
                    }
                }
            }
        }
        List<Received> out = new ArrayList<>();
        int half = TICKS_PER_BIT / 2;
        int t = 0;
        while (t < total) {
            if (line[t] || at(line, t + half)) {
                t++; // idle, or a glitch shorter than half a bit
                continue;
            }
            int v = 0;
            for (int bit = 0; bit < 8; bit++) {
                if (at(line, t + half + (bit + 1) * TICKS_PER_BIT)) {
                    v |= 1 << bit;
                }
            }
            int stopSample = t + half + 10 * TICKS_PER_BIT;
            out.add(new Received(v, stopSample + half));
            t = stopSample + 1;
        }
        return out;
    }

    /**
     * What a UART at {@code receiverBaud} makes of {@code bytes} sent back to back at {@code sentBaud}
     * (SPEC A1: a meter on a bus of mixed speeds). The line is the sender's bit stream; the receiver
     * looks for a start bit and samples its 11 bits at its own bit time, as {@link #overlay} does. At
     * the same speed the bytes come out unchanged; at another speed they come out as garbage (fewer
     * bytes, mostly 00h/FFh runs at a lower receiver speed, split bits at a higher one), never as
     * the frame that was sent.
     */
    static byte[] resample(byte[] bytes, int sentBaud, int receiverBaud) {
        if (sentBaud == receiverBaud) {
            return bytes.clone();
        }
        double sentBit = 1e9 / sentBaud;
        double bit = 1e9 / receiverBaud;
        double step = bit / TICKS_PER_BIT;
        double end = bytes.length * BITS_PER_CHAR * sentBit;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        double t = 0;
        while (t < end) {
            if (lineAt(bytes, sentBit, t) || lineAt(bytes, sentBit, t + bit / 2)) {
                t += step; // idle, or a low level shorter than half of the receiver's bit
                continue;
            }
            int v = 0;
            for (int b = 0; b < 8; b++) {
                if (lineAt(bytes, sentBit, t + bit / 2 + (b + 1) * bit)) {
                    v |= 1 << b;
                }
            }
            out.write(v);
            t += bit / 2 + 10 * bit + step; // past the stop bit's sample
        }
        return out.toByteArray();
    }

    /** The level at time {@code t} (ns) of {@code bytes} sent from time 0 with bit time {@code bitNanos}; idle after. */
    private static boolean lineAt(byte[] bytes, double bitNanos, double t) {
        long index = (long) Math.floor(t / bitNanos);
        int k = (int) (index / BITS_PER_CHAR);
        if (t < 0 || k >= bytes.length) {
            return true;
        }
        return level(bytes[k] & 0xFF, (int) (index % BITS_PER_CHAR));
    }

    /** Line level of bit {@code bit} (0 = start, 1..8 = data LSB first, 9 = even parity, 10 = stop). */
    static boolean level(int v, int bit) {
        if (bit == 0) {
            return false;
        }
        if (bit <= 8) {
            return (v >> (bit - 1) & 1) != 0;
        }
        if (bit == 9) {
            return Integer.bitCount(v) % 2 != 0; // even parity: the parity bit makes the count of ones even
        }
        return true;
    }

    private static boolean at(boolean[] line, int t) {
        return t >= line.length || line[t];
    }

    /** The received bytes only. */
    static byte[] bytes(List<Received> r) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(r.size());
        r.forEach(x -> o.write(x.value()));
        return o.toByteArray();
    }
}
