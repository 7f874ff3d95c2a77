package org.metergate.report.render;

import freemarker.template.TemplateCollectionModel;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateModelIterator;
import java.time.Instant;
import java.util.List;
import org.metergate.store.SeriesValue;

/**
 * A meter's {@code latestValues}: the values of its latest readout with values (the installation report's
 * third sheet, SPEC C6), each a value row like those of {@code values}. Read from the database when a
 * template lists it, one readout at a time, so a report over many meters holds one readout's values.
 */
final class LatestValuesModel implements TemplateCollectionModel {

    private final ReportSources sources;
    private final MeterModel meter;
    private final Instant at;

    LatestValuesModel(ReportSources sources, MeterModel meter, Instant at) {
        this.sources = sources;
        this.meter = meter;
        this.at = at;
    }

    @Override
    public TemplateModelIterator iterator() {
        List<SeriesValue> values = at == null ? List.of() : sources.latestValues(meter.id(), at);
        ReadoutStamp stamp = values.isEmpty() ? null : new ReadoutStamp(values.get(0).readoutId(), at, sources.formats());
        return new TemplateModelIterator() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < values.size();
            }

            @Override
            public TemplateModel next() throws TemplateModelException {
                if (!hasNext()) {
                    throw new TemplateModelException("no more values");
                }
                return sources.row(meter, stamp, values.get(i++));
            }
        };
    }
}
