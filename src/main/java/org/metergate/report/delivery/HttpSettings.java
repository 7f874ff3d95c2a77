package org.metergate.report.delivery;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP(S) delivery (SPEC F1): the report is POSTed to {@code uri}.
 *
 * @param auth            {@code none} or {@code basic} (sent preemptively)
 * @param timeoutSeconds  SPEC F8, -1 = none: the connect timeout, and the response timeout when switched on
 * @param responseTimeout the manual's "enable HTTP response timeout": give up when the answer takes longer
 */
public record HttpSettings(URI uri, Auth auth, String username, String password, int timeoutSeconds,
                           boolean responseTimeout) {

    public enum Auth { NONE, BASIC }

    public static final List<String> FIELDS = List.of("uri", "auth", "username", "password", "timeoutSeconds",
            "responseTimeout");

    public static HttpSettings parse(Map<String, ?> values) {
        SettingsReader r = new SettingsReader("http", values, FIELDS);
        String text = r.required("uri");
        URI uri = null;
        if (!text.isEmpty()) {
            try {
                uri = new URI(text);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    r.problem("uri", "must start with http:// or https://, got '" + text + "'");
                } else if (uri.getHost() == null) {
                    r.problem("uri", "has no host: '" + text + "'");
                } else if (uri.getUserInfo() != null) {
                    r.problem("uri", "must not contain user:password (use auth basic with username and password)");
                } else if (uri.getFragment() != null) {
                    r.problem("uri", "must not contain a #fragment");
                }
            } catch (URISyntaxException e) {
                r.problem("uri", "is not a URI: " + e.getMessage());
            }
        }
        Auth auth = r.choice("auth", Auth.class, Auth.NONE);
        String username = r.text("username");
        String password = r.secret("password");
        if (auth == Auth.BASIC && username.isEmpty()) {
            r.problem("username", "must not be empty with auth basic");
        }
        if (username.contains(":")) {
            r.problem("username", "must not contain ':' (basic authentication separates user and password with it)");
        }
        int timeout = r.timeoutSeconds("timeoutSeconds", 60);
        boolean responseTimeout = r.bool("responseTimeout", true);
        r.finish();
        return new HttpSettings(uri, auth, username, password, timeout, responseTimeout);
    }

    public Map<String, Object> toMap(boolean withSecrets) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uri", uri.toString());
        m.put("auth", auth.name().toLowerCase(Locale.ROOT));
        m.put("username", username);
        if (withSecrets) {
            m.put("password", password);
        } else {
            m.put("passwordSet", !password.isEmpty());
        }
        m.put("timeoutSeconds", timeoutSeconds);
        m.put("responseTimeout", responseTimeout);
        return m;
    }

    @Override
    public String toString() {
        return "HttpSettings" + toMap(false);
    }
}
