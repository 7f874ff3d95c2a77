package org.metergate.bus;

import org.metergate.mbus.Header;

/** A meter a scan found: how to address it and, when it could be read, its header (id, manufacturer, medium …). */
public record FoundMeter(MeterAddress address, Header header) {}
