package org.metergate.bench;

import java.io.IOException;
import org.metergate.bus.Transport;
import org.metergate.mbus.MbusDecodeException;
import org.metergate.sim.SimulatedBus;
import org.metergate.sim.Transmission;

/**
 * The simulator's slaves answering in the same thread, without sockets or wire time: for counting
 * what a scan sends (probes do not depend on speed), not for timing.
 */
final class InMemoryTransport implements Transport {

    private final SimulatedBus bus;
    private byte[] pending = new byte[0];
    private boolean open;

    InMemoryTransport(SimulatedBus bus) {
        this.bus = bus;
    }

    @Override
    public void open() {
        open = true;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void write(byte[] data) throws IOException {
        try {
            Transmission t = bus.respond(data);
            pending = t.bytes();
        } catch (MbusDecodeException e) {
            throw new IOException("simulator could not parse the request: " + e.getMessage(), e);
        }
    }

    @Override
    public int read(byte[] buffer, int timeoutMillis) {
        int n = Math.min(buffer.length, pending.length);
        System.arraycopy(pending, 0, buffer, 0, n);
        byte[] rest = new byte[pending.length - n];
        System.arraycopy(pending, n, rest, 0, rest.length);
        pending = rest;
        return n;
    }

    @Override
    public void discardInput() {
        pending = new byte[0];
    }

    @Override
    public int baud() {
        return 1_000_000_000;
    }

    @Override
    public String describe() {
        return "in-memory simulator";
    }

    @Override
    public void close() {
        open = false;
    }
}
