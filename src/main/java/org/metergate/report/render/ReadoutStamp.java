package org.metergate.report.render;

import freemarker.template.SimpleNumber;
import freemarker.template.SimpleScalar;
import java.time.Instant;

/** A readout's id and time as template scalars, formatted once and shared by all values of the readout. */
final class ReadoutStamp {

    final SimpleNumber readoutId;
    final SimpleScalar local;
    final SimpleScalar utc;

    ReadoutStamp(long readoutId, Instant at, Formats f) {
        this.readoutId = new SimpleNumber(readoutId);
        this.local = new SimpleScalar(f.local(at));
        this.utc = new SimpleScalar(Formats.utc(at));
    }
}
