package org.metergate.sim;

/**
 * The speed the master's characters are on the line at, asked each time bytes arrive (SPEC A1). Over
 * TCP it is the converter's fixed speed; on a pty it is the speed the master set on its end
 * ({@link PtyLineSpeed}).
 */
@FunctionalInterface
public interface LineSpeed {

    int baud();

    static LineSpeed fixed(int baud) {
        return () -> baud;
    }
}
