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
