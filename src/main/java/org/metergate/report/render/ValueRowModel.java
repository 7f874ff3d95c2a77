package org.metergate.report.render;

import freemarker.template.SimpleNumber;
import freemarker.template.SimpleScalar;
import freemarker.template.TemplateBooleanModel;
import freemarker.template.TemplateHashModel;
import freemarker.template.TemplateModel;
import org.metergate.store.SeriesValue;

/**
 * One value as templates see it: its own fields (docs/reports.md) and, for any other name, its
 * meter's ({@code v.secondary}, {@code v.moid} …). Numbers are exact: {@code value} is the decimal
 * text with the site's separator, {@code exact} the same with '.', {@code number} the BigDecimal
 * (missing for text values).
 */
final class ValueRowModel implements TemplateHashModel {

    private final MeterModel meter;
    private final ReadoutStamp stamp;
    private final SeriesModel series;
    private final SeriesValue value;
    private final Formats formats;

    ValueRowModel(MeterModel meter, ReadoutStamp stamp, SeriesModel series, SeriesValue value, Formats formats) {
        this.meter = meter;
        this.stamp = stamp;
        this.series = series;
        this.value = value;
        this.formats = formats;
    }

    @Override
    public TemplateModel get(String key) {
        return switch (key) {
            case "timestamp" -> stamp.local;
            case "timestampUtc" -> stamp.utc;
            case "readoutId" -> stamp.readoutId;
            case "quantity" -> series.quantity;
            case "unit" -> series.unit;
            case "function" -> series.function;
            case "storage" -> series.storage;
            case "tariff" -> series.tariff;
            case "subunit" -> series.subunit;
            case "detail" -> series.detail;
            case "description" -> series.description;
            case "seriesId" -> series.id;
            case "value" -> new SimpleScalar(value.number() != null ? formats.decimal(value.number()) : value.text());
            case "exact" -> new SimpleScalar(value.number() != null ? value.number().toPlainString() : value.text());
            case "number" -> value.number() == null ? null : new SimpleNumber(value.number());
            case "isNumber" -> value.number() != null ? TemplateBooleanModel.TRUE : TemplateBooleanModel.FALSE;
            case "meter" -> meter;
            case "meterId" -> meter.get("id");
            default -> meter.get(key);
        };
    }

    @Override
    public boolean isEmpty() {
        return false;
    }
}
