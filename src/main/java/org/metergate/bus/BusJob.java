package org.metergate.bus;

/** Work done on a bus while its owner holds it: a readout, a scan, a raw send. */
@FunctionalInterface
public interface BusJob<T> {
    T run(MbusMaster master) throws Exception;
}
