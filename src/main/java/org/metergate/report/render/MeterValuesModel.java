package org.metergate.report.render;

import freemarker.template.TemplateCollectionModel;
import freemarker.template.TemplateHashModel;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateModelIterator;
import java.util.Iterator;
import java.util.List;
import org.metergate.store.ScannedReadout;

/**
 * {@code meterValues}: the meters that have values in the period, each with its {@code readouts}
 * (each with its {@code values}), for reports grouped by meter such as JSON. Streamed: each meter's
 * readouts come from their own database cursor while the template lists them.
 */
final class MeterValuesModel implements TemplateCollectionModel {

    private final ReportSources sources;

    MeterValuesModel(ReportSources sources) {
        this.sources = sources;
    }

    @Override
    public TemplateModelIterator iterator() {
        Iterator<Long> candidates = sources.metersWithReadouts().iterator();
        return new TemplateModelIterator() {
            private Long next;

            @Override
            public boolean hasNext() { // FreeMarker asks ahead (for <#sep>): must not consume anything
                while (next == null && candidates.hasNext()) {
                    long id = candidates.next();
                    if (sources.hasValues(id)) {
                        next = id;
                    }
                }
                return next != null;
            }

            @Override
            public TemplateModel next() throws TemplateModelException {
                if (!hasNext()) {
                    throw new TemplateModelException("no more meters");
                }
                MeterGroup g = new MeterGroup(sources.meter(next));
                next = null;
                return g;
            }
        };
    }

    /** A meter and its readouts of the period. */
    private final class MeterGroup implements TemplateHashModel {
        private final MeterModel meter;

        MeterGroup(MeterModel meter) {
            this.meter = meter;
        }

        @Override
        public TemplateModel get(String key) {
            return key.equals("readouts") ? (TemplateCollectionModel) this::readouts : key.equals("meter") ? meter : meter.get(key);
        }

        private TemplateModelIterator readouts() {
            Iterator<ScannedReadout> rs = sources.readouts(List.of(meter.id()));
            return new TemplateModelIterator() {
                @Override
                public boolean hasNext() {
                    return rs.hasNext();
                }

                @Override
                public TemplateModel next() throws TemplateModelException {
                    if (!rs.hasNext()) {
                        throw new TemplateModelException("no more readouts of meter " + meter.id());
                    }
                    return new ReadoutModel(meter, rs.next(), sources);
                }
            };
        }

        @Override
        public boolean isEmpty() {
            return false;
        }
    }
}
