package org.metergate.meters;

import java.util.List;

/** One page of the meter list: the meters on it and how many match in total. */
public record MeterPage(long total, int page, int size, List<Meter> meters) {}
