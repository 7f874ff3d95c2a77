package org.metergate.report.render;

import freemarker.template.SimpleHash;
import freemarker.template.SimpleNumber;
import freemarker.template.SimpleSequence;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateSequenceModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.metergate.Product;
import org.metergate.report.Protocol;
import org.metergate.report.RenderRequest;
import org.metergate.report.ReportConventions;
import org.metergate.report.ReportIdentity;
import org.metergate.report.ReportTemplate;

/** The data model a template sees (documented in docs/reports.md). */
public final class ReportModel {

    private ReportModel() {}

    public static SimpleHash build(RenderRequest req, ReportTemplate template, String fileName, ReportConventions conventions,
                                   ReportIdentity identity, ReportSources sources) {
        Formats f = sources.formats();
        SimpleHash root = new SimpleHash(MeterModel.WRAPPER);

        Map<String, Object> period = new LinkedHashMap<>();
        period.put("from", f.local(req.period().from()));
        period.put("to", f.local(req.period().to()));
        period.put("fromUtc", Formats.utc(req.period().from()));
        period.put("toUtc", Formats.utc(req.period().to()));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("number", new SimpleNumber(req.reportNumber()));
        report.put("template", new SimpleNumber(req.template()));
        report.put("templateFile", template.fileName());
        report.put("kind", template.kind());
        report.put("protocol", Protocol.ofTemplate(req.template()).name().toLowerCase(Locale.ROOT));
        report.put("createdAt", f.local(req.createdAt()));
        report.put("createdAtUtc", Formats.utc(req.createdAt()));
        report.put("period", new SimpleHash(period, MeterModel.WRAPPER));
        report.put("interval", req.interval().name().toLowerCase(Locale.ROOT));
        report.put("fileName", fileName);
        root.put("report", new SimpleHash(report, MeterModel.WRAPPER));

        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("company", identity.company());
        contact.put("name", identity.contactName());
        for (int i = 0; i < identity.addressLines().size(); i++) {
            contact.put("address" + (i + 1), identity.addressLines().get(i));
        }
        contact.put("addressLines", new SimpleSequence(identity.addressLines().stream().filter(s -> !s.isBlank()).toList(),
                MeterModel.WRAPPER));
        Map<String, Object> gateway = new LinkedHashMap<>();
        gateway.put("serial", identity.serial());
        gateway.put("product", identity.productName());
        gateway.put("hostName", identity.hostName());
        gateway.put("software", Product.NAME);
        gateway.put("version", Product.version());
        gateway.put("contact", new SimpleHash(contact, MeterModel.WRAPPER));
        root.put("gateway", new SimpleHash(gateway, MeterModel.WRAPPER));

        Map<String, Object> conv = new LinkedHashMap<>();
        conv.put("decimalSeparator", String.valueOf(conventions.decimalSeparator()));
        conv.put("fieldSeparator", String.valueOf(conventions.fieldSeparator()));
        conv.put("encoding", template.charset(conventions).name());
        conv.put("firstDayOfWeek", conventions.firstDayOfWeek().name().toLowerCase(Locale.ROOT));
        conv.put("language", conventions.language().toLanguageTag());
        conv.put("zone", conventions.zone().getId());
        root.put("conventions", new SimpleHash(conv, MeterModel.WRAPPER));
        root.put("sep", String.valueOf(conventions.fieldSeparator()));
        // F12: the shipped templates' header texts in the configured language
        root.put("text", new SimpleHash(new LinkedHashMap<>(org.metergate.report.ReportTexts.of(conventions.language())),
                MeterModel.WRAPPER));

        root.put("values", new ValuesModel(sources));
        root.put("meterValues", new MeterValuesModel(sources));
        root.put("meters", new MetersSequence(sources));
        root.put("log", new LogModel(sources));
        root.put("setup", setup(sources));
        root.put("meterList", meterList(sources));
        List<TemplateModel> event = new ArrayList<>();
        int i = 1;
        for (Map.Entry<String, String> e : req.event().entrySet()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("index", new SimpleNumber(i++));
            line.put("key", e.getKey());
            line.put("value", e.getValue() == null ? "" : e.getValue());
            event.add(new SimpleHash(line, MeterModel.WRAPPER));
        }
        root.put("event", new SimpleSequence(event, MeterModel.WRAPPER));
        CsvField csv = new CsvField(conventions.fieldSeparator());
        root.put("csv", csv);
        root.put("csvRows", new CsvRowsDirective(sources, csv, conventions.fieldSeparator()));
        return root;
    }

    /** {@code setup}: buses (sorted ids) and further settings as {key, value} (SPEC C6 device settings). */
    private static SimpleHash setup(ReportSources sources) {
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("buses", new SimpleSequence(List.copyOf(new java.util.TreeSet<>(sources.setup().buses().ids())), MeterModel.WRAPPER));
        List<TemplateModel> settings = new ArrayList<>();
        sources.setup().settings().get().forEach((k, v) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("key", k);
            s.put("value", v == null ? "" : v);
            settings.add(new SimpleHash(s, MeterModel.WRAPPER));
        });
        setup.put("settings", new SimpleSequence(settings, MeterModel.WRAPPER));
        return new SimpleHash(setup, MeterModel.WRAPPER);
    }

    /**
     * {@code meterList}: the installed meters as the meter-list export writes them (SPEC C6 second sheet):
     * {@code columns} (the import's column names) and {@code rows} (per meter, its cells as texts).
     */
    private static SimpleHash meterList(ReportSources sources) {
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("columns", new SimpleSequence(org.metergate.meters.MeterListExport.COLUMNS, MeterModel.WRAPPER));
        list.put("rows", new TemplateSequenceModel() {
            @Override
            public TemplateModel get(int index) {
                List<org.metergate.meters.Meter> all = sources.registryMeters();
                return index >= 0 && index < all.size()
                        ? new SimpleSequence(org.metergate.meters.MeterListExport.cells(all.get(index)), MeterModel.WRAPPER) : null;
            }

            @Override
            public int size() {
                return sources.registryMeters().size();
            }
        });
        return new SimpleHash(list, MeterModel.WRAPPER);
    }

    /** {@code meters}: the installed meters, read when a template first uses them. */
    private record MetersSequence(ReportSources sources) implements TemplateSequenceModel {
        @Override
        public TemplateModel get(int index) throws TemplateModelException {
            List<MeterModel> all = sources.installedMeters();
            return index >= 0 && index < all.size() ? all.get(index) : null;
        }

        @Override
        public int size() {
            return sources.installedMeters().size();
        }
    }
}
