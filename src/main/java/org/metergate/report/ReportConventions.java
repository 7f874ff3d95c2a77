package org.metergate.report;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.Locale;
import org.metergate.config.ConfigException;
import org.metergate.config.GatewayConfig;

/**
 * SPEC F12, how reports are written for the receiving site: decimal separator, field separator,
 * character encoding, first day of the week, language, and the zone report times are shown in.
 */
public record ReportConventions(char decimalSeparator, char fieldSeparator, Charset encoding, DayOfWeek firstDayOfWeek,
                                Locale language, ZoneId zone) {

    public static final String PREFIX = "metergate.report.";

    /** The built-in defaults: {@code ,} {@code ;} windows-1252, Monday, English, the system zone. */
    public static ReportConventions defaults() {
        return new ReportConventions(',', ';', Charset.forName("windows-1252"), DayOfWeek.MONDAY, Locale.ENGLISH,
                ZoneId.systemDefault());
    }

    /** Reads {@code metergate.report.*}; a bad value is a {@link ConfigException} naming the key. */
    public static ReportConventions from(GatewayConfig config) {
        return new ReportConventions(
                separator(config, PREFIX + "decimal-separator", ","),
                separator(config, PREFIX + "field-separator", ";"),
                charset(config.get(PREFIX + "encoding", "windows-1252")),
                dayOfWeek(config.get(PREFIX + "first-day-of-week", "monday")),
                language(config.get(PREFIX + "language", "en")),
                zone(config.find(PREFIX + "time-zone").orElse(null)));
    }

    private static char separator(GatewayConfig config, String key, String fallback) {
        String v = config.get(key, fallback);
        if (v.equalsIgnoreCase("tab")) {
            return '\t';
        }
        if (v.equalsIgnoreCase("space")) {
            return ' ';
        }
        if (v.length() != 1 || Character.isLetterOrDigit(v.charAt(0)) || v.charAt(0) == '"') {
            throw new ConfigException("setting " + key + " must be one character (not a letter, digit or quote), 'tab' or 'space', got '" + v + "'");
        }
        return v.charAt(0);
    }

    private static Charset charset(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new ConfigException("setting " + PREFIX + "encoding: unknown character encoding '" + name
                    + "' (e.g. windows-1252, UTF-8, ISO-8859-1)");
        }
    }

    /** One of the languages the shipped templates have texts in ({@link ReportTexts}); {@code sv-SE} counts as {@code sv}. */
    private static Locale language(String v) {
        Locale l = Locale.forLanguageTag(v.trim().replace('_', '-'));
        if (v.isBlank() || !ReportTexts.supports(l)) {
            throw new ConfigException("setting " + PREFIX + "language: no report texts in language '" + v + "' (there are: "
                    + String.join(", ", ReportTexts.LANGUAGES) + ")");
        }
        return l;
    }

    private static DayOfWeek dayOfWeek(String v) {
        try {
            return DayOfWeek.valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("setting " + PREFIX + "first-day-of-week must be a day name (monday … sunday), got '" + v + "'");
        }
    }

    private static ZoneId zone(String v) {
        if (v == null) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(v);
        } catch (DateTimeException e) {
            throw new ConfigException("setting " + PREFIX + "time-zone: unknown zone '" + v + "' (e.g. Europe/Stockholm, UTC)");
        }
    }

    public ReportConventions {
        if (!ReportTexts.supports(language)) {
            throw new ConfigException("setting " + PREFIX + "language: no report texts in language '" + language.toLanguageTag()
                    + "' (there are: " + String.join(", ", ReportTexts.LANGUAGES) + ")");
        }
        if (decimalSeparator == fieldSeparator) {
            throw new ConfigException("the decimal separator and the field separator of reports are both '" + decimalSeparator + "'");
        }
    }
}
