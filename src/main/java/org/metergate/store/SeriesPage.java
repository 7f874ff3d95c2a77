package org.metergate.store;

import java.util.List;

/** One page of a meter's values in time order; {@code more} when a next page exists. */
public record SeriesPage(long meterId, int page, int pageSize, List<SeriesValue> values, boolean more) {}
