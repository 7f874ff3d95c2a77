package org.metergate.report.render;

import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateScalarModel;
import freemarker.template.TemplateNumberModel;
import freemarker.template.SimpleScalar;
import java.util.List;

/**
 * {@code csv(text)}: a free text (a meter's name, a log message) made safe as one CSV field: quoted,
 * with quotes doubled, only when it contains the field separator, a quote or a line break (RFC 4180).
 */
final class CsvField implements TemplateMethodModelEx {

    private final char separator;

    CsvField(char separator) {
        this.separator = separator;
    }

    String escape(String s) {
        boolean quote = false;
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == separator || c == '"' || c == '\n' || c == '\r';
        }
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    @Override
    public Object exec(@SuppressWarnings("rawtypes") List args) throws TemplateModelException {
        if (args.size() != 1) {
            throw new TemplateModelException("csv(text) takes one argument");
        }
        Object a = args.get(0);
        String s;
        if (a instanceof TemplateScalarModel t) {
            s = t.getAsString();
        } else if (a instanceof TemplateNumberModel n) {
            s = n.getAsNumber().toString();
        } else {
            throw new TemplateModelException("csv(text) needs a text");
        }
        return new SimpleScalar(escape(s == null ? "" : s));
    }
}
