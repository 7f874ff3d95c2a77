package org.metergate.report.delivery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one protocol's settings from a JSON-friendly map (values may be strings, numbers, booleans or
 * lists) and collects every problem, each naming {@code <protocol>.<field>}; nothing is applied
 * unless all fields are valid ({@link #finish()}).
 */
final class SettingsReader {

    private final String protocol;
    private final Map<String, ?> values;
    private final Set<String> known;
    private final List<String> problems = new ArrayList<>();

    SettingsReader(String protocol, Map<String, ?> values, Collection<String> knownFields) {
        this.protocol = protocol;
        this.values = values == null ? Map.of() : values;
        this.known = new TreeSet<>(knownFields);
        for (String key : this.values.keySet()) {
            if (!known.contains(key)) {
                problems.add(protocol + "." + key + ": unknown setting (known: " + String.join(", ", known) + ")");
            }
        }
    }

    String field(String name) {
        return protocol + "." + name;
    }

    void problem(String name, String message) {
        problems.add(field(name) + ": " + message);
    }

    /** The trimmed text of a field, "" when absent. */
    String text(String name) {
        Object v = values.get(name);
        return v == null ? "" : String.valueOf(v).trim();
    }

    /** A secret is not trimmed: a password may end in a blank. */
    String secret(String name) {
        Object v = values.get(name);
        return v == null ? "" : String.valueOf(v);
    }

    /**
     * A secret that goes into a Camel endpoint URI (see {@link Uris#raw}): one holding ')' together
     * with '&' or '}' could not be masked completely in Camel's logs and JMX, so it is refused.
     */
    String uriSecret(String name) {
        String v = secret(name);
        if (v.contains(")") && (v.contains("&") || v.contains("}"))) {
            problem(name, "must not contain ')' together with '&' or '}' (it could not be hidden in Camel's logs)");
        }
        return v;
    }

    String required(String name) {
        String v = text(name);
        if (v.isEmpty()) {
            problem(name, "must not be empty");
        }
        return v;
    }

    int integer(String name, int fallback, int min, int max) {
        String v = text(name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                problem(name, "must be between " + min + " and " + max + ", got " + i);
                return fallback;
            }
            return i;
        } catch (NumberFormatException e) {
            problem(name, "must be an integer, got '" + v + "'");
            return fallback;
        }
    }

    /** SPEC F8: seconds, -1 = no timeout. */
    int timeoutSeconds(String name, int fallback) {
        int t = integer(name, fallback, -1, 86_400);
        if (t == 0) {
            problem(name, "must be -1 (no timeout) or 1 to 86400 seconds, got 0");
            return fallback;
        }
        return t;
    }

    boolean bool(String name, boolean fallback) {
        String v = text(name).toLowerCase(Locale.ROOT);
        return switch (v) {
            case "" -> fallback;
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> {
                problem(name, "must be true or false, got '" + v + "'");
                yield fallback;
            }
        };
    }

    <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
        String v = text(name);
        if (v.isEmpty()) {
            return fallback;
        }
        String wanted = v.toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) {
                return e;
            }
        }
        problem(name, "must be one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList() + ", got '" + v + "'");
        return fallback;
    }

    /** A comma list (SPEC F1) given as one string or as a JSON array. */
    List<String> list(String name) {
        Object v = values.get(name);
        List<String> out = new ArrayList<>();
        if (v instanceof Collection<?> c) {
            for (Object o : c) {
                addSplit(out, String.valueOf(o));
            }
        } else if (v != null) {
            addSplit(out, String.valueOf(v));
        }
        return List.copyOf(out);
    }

    private static void addSplit(List<String> out, String s) {
        for (String part : s.split(",")) {
            String p = part.trim();
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
    }

    /** Addresses as "local@domain" without blanks or angle brackets: enough to catch typos early. */
    List<String> addresses(String name) {
        List<String> list = list(name);
        for (String a : list) {
            int at = a.indexOf('@');
            if (at <= 0 || at == a.length() - 1 || a.indexOf('@', at + 1) >= 0 || a.matches(".*[\\s<>,;\"].*")) {
                problem(name, "'" + a + "' is not an e-mail address");
            }
        }
        return list;
    }

    void finish() {
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
    }
}
