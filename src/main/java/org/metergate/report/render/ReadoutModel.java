package org.metergate.report.render;

import freemarker.template.SimpleSequence;
import freemarker.template.TemplateHashModel;
import freemarker.template.TemplateModel;
import java.util.ArrayList;
import java.util.List;
import org.metergate.store.ScannedReadout;
import org.metergate.store.SeriesValue;

/** One readout of {@code meterValues}: {@code timestamp}, {@code timestampUtc}, {@code readoutId}, {@code values}; else its meter's fields. */
final class ReadoutModel implements TemplateHashModel {

    private final MeterModel meter;
    private final ReadoutStamp stamp;
    private final SimpleSequence values;

    ReadoutModel(MeterModel meter, ScannedReadout r, ReportSources sources) {
        this.meter = meter;
        this.stamp = new ReadoutStamp(r.readoutId(), r.createdAt(), sources.formats());
        List<TemplateModel> rows = new ArrayList<>(r.values().size());
        for (SeriesValue v : r.values()) {
            rows.add(sources.row(meter, stamp, v));
        }
        this.values = new SimpleSequence(rows, MeterModel.WRAPPER);
    }

    @Override
    public TemplateModel get(String key) {
        return switch (key) {
            case "timestamp" -> stamp.local;
            case "timestampUtc" -> stamp.utc;
            case "readoutId" -> stamp.readoutId;
            case "values" -> values;
            case "meter" -> meter;
            default -> meter.get(key);
        };
    }

    @Override
    public boolean isEmpty() {
        return false;
    }
}
