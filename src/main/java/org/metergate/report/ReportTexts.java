package org.metergate.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * SPEC F12 language: the header texts of the shipped templates (column names, sheet names, labels) per
 * language, from {@code org/metergate/report/texts/<language>.properties} (UTF-8). Templates see them as
 * {@code text} ({@code ${text.meterId}}), chosen by {@code metergate.report.language}. Every language has
 * the same keys (a test holds them to it), so a template never meets a missing text in one language only.
 * The Swedish texts follow the manual of the reference product where it shows a column.
 */
public final class ReportTexts {

    /** The languages there are texts for, in the order messages list them. */
    public static final List<String> LANGUAGES = List.of("en", "sv");

    private static final Map<String, Map<String, String>> BY_LANGUAGE = load();

    private ReportTexts() {}

    /** The language's texts by key; empty if there are none for it (see {@link #supports}). */
    public static Map<String, String> of(Locale language) {
        return BY_LANGUAGE.getOrDefault(language.getLanguage(), Map.of());
    }

    /** True when there are texts in the locale's language ({@code sv}, {@code sv-SE} …). */
    public static boolean supports(Locale language) {
        return BY_LANGUAGE.containsKey(language.getLanguage());
    }

    private static Map<String, Map<String, String>> load() {
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        for (String language : LANGUAGES) {
            String resource = "texts/" + language + ".properties";
            try (InputStream in = ReportTexts.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource org/metergate/report/" + resource);
                }
                Properties p = new Properties();
                try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                Map<String, String> texts = new TreeMap<>();
                p.stringPropertyNames().forEach(k -> texts.put(k, p.getProperty(k)));
                all.put(language, Collections.unmodifiableMap(texts));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read org/metergate/report/" + resource, e);
            }
        }
        return Collections.unmodifiableMap(all);
    }
}
