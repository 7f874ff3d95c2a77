package org.metergate.report.render;

import freemarker.template.SimpleHash;
import freemarker.template.SimpleNumber;
import freemarker.template.SimpleScalar;
import freemarker.template.TemplateCollectionModel;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateModelIterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.metergate.admin.LogEntry;
import org.metergate.store.Cursor;

/** {@code log}: the system log of the period, oldest first, streamed from a database cursor. */
final class LogModel implements TemplateCollectionModel {

    private final ReportSources sources;

    LogModel(ReportSources sources) {
        this.sources = sources;
    }

    @Override
    public TemplateModelIterator iterator() {
        Cursor<LogEntry> cursor = sources.log();
        Formats f = sources.formats();
        return new TemplateModelIterator() {
            @Override
            public boolean hasNext() {
                return cursor.hasNext();
            }

            @Override
            public TemplateModel next() throws TemplateModelException {
                if (!cursor.hasNext()) {
                    throw new TemplateModelException("no more log entries");
                }
                LogEntry e = cursor.next();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", new SimpleNumber(e.id()));
                m.put("timestamp", new SimpleScalar(f.local(e.timestamp())));
                m.put("timestampUtc", new SimpleScalar(Formats.utc(e.timestamp())));
                m.put("level", new SimpleScalar(e.level().name().toLowerCase(Locale.ROOT)));
                m.put("levelCode", new SimpleNumber(e.level().code()));
                m.put("source", new SimpleScalar(e.source()));
                m.put("message", new SimpleScalar(e.message()));
                return new SimpleHash(m, MeterModel.WRAPPER);
            }
        };
    }
}
