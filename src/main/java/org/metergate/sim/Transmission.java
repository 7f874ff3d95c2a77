package org.metergate.sim;

import java.util.Arrays;

/**
 * What the slaves put on the line in answer to one request: the bytes a master's UART
 * receives and, for each, when its stop bit ends, in nanoseconds after the end of the request.
 * A server writes byte i no earlier than {@code due[i]}, which reproduces wire speed, the
 * answer delay and late meters.
 */
public record Transmission(byte[] bytes, long[] due) {
    public static final Transmission NONE = new Transmission(new byte[0], new long[0]);

    public Transmission {
        if (bytes.length != due.length) {
            throw new IllegalArgumentException("one due time per byte");
        }
        for (int i = 1; i < due.length; i++) {
            if (due[i] < due[i - 1]) {
                throw new IllegalArgumentException("due times must not decrease");
            }
        }
    }

    /** Bytes sent back to back from {@code start}, each taking one character time. */
    static Transmission paced(byte[] bytes, long start, long charNanos) {
        long[] due = new long[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            due[i] = start + (i + 1) * charNanos;
        }
        return new Transmission(bytes.clone(), due);
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    Transmission append(Transmission t) {
        byte[] b = Arrays.copyOf(bytes, bytes.length + t.bytes.length);
        System.arraycopy(t.bytes, 0, b, bytes.length, t.bytes.length);
        long[] d = Arrays.copyOf(due, due.length + t.due.length);
        System.arraycopy(t.due, 0, d, due.length, t.due.length);
        return new Transmission(b, d);
    }
}
