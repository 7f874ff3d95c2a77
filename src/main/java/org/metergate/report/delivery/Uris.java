package org.metergate.report.delivery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** Builds Camel endpoint URIs whose free-text values (passwords, addresses) go in verbatim as RAW(...). */
final class Uris {

    private Uris() {}

    /**
     * Camel's RAW(...) form, taken verbatim; RAW{...} when the value holds a ')'. (Percent-encoding
     * is no way out: Camel's URI normalisation decodes it twice.) Camel's URI sanitizer (logs, JMX,
     * Hawtio) masks RAW(...) only up to its first ')', and RAW{...} only up to the next '&', so
     * secrets holding both ')' and '&' are refused by the settings ({@link SettingsReader#uriSecret}).
     */
    static String raw(String value) {
        if (!value.contains(")")) {
            return "RAW(" + value + ")";
        }
        if (!value.contains("}")) {
            return "RAW{" + value + "}";
        }
        throw new IllegalArgumentException("a value holding both ')' and '}' cannot be put in a Camel URI");
    }

    /** Ordered query options; values are appended as given (use {@link #raw} for free text). */
    static final class Query {
        private final Map<String, String> options = new LinkedHashMap<>();

        Query put(String name, Object value) {
            options.put(name, String.valueOf(value));
            return this;
        }

        Query putRaw(String name, String value) {
            options.put(name, raw(value));
            return this;
        }

        String toQuery() {
            StringJoiner j = new StringJoiner("&");
            options.forEach((k, v) -> j.add(k + "=" + v));
            return j.toString();
        }
    }

    /** Camel timeouts are milliseconds with 0 = none; SPEC F8 says seconds with -1 = none. */
    static long millis(int timeoutSeconds) {
        return timeoutSeconds < 0 ? 0 : timeoutSeconds * 1000L;
    }
}
