package org.metergate.report.render;

import freemarker.template.TemplateCollectionModel;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateModelIterator;
import java.util.Iterator;
import java.util.List;
import org.metergate.store.ScannedReadout;
import org.metergate.store.SeriesValue;

/**
 * {@code values}: every value of the period, one row each, meter by meter then by time, streamed from
 * a database cursor while the template lists it (nothing is collected in memory). Each listing is a
 * new pass over the database.
 */
final class ValuesModel implements TemplateCollectionModel {

    private final ReportSources sources;

    ValuesModel(ReportSources sources) {
        this.sources = sources;
    }

    @Override
    public TemplateModelIterator iterator() {
        Iterator<ScannedReadout> readouts = sources.readouts();
        return new TemplateModelIterator() {
            private MeterModel meter;
            private ReadoutStamp stamp;
            private List<SeriesValue> values = List.of();
            private int i;

            @Override
            public boolean hasNext() {
                while (i >= values.size()) {
                    if (!readouts.hasNext()) {
                        return false;
                    }
                    ScannedReadout r = readouts.next();
                    if (meter == null || meter.id() != r.meterId()) {
                        meter = sources.meter(r.meterId());
                    }
                    stamp = new ReadoutStamp(r.readoutId(), r.createdAt(), sources.formats());
                    values = r.values();
                    i = 0;
                }
                return true;
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
