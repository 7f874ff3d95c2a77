package org.metergate.report.delivery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * E-mail delivery (SPEC F1): an SMTP server and the recipients, as comma lists.
 *
 * @param security       {@code none} (plain SMTP), {@code starttls} (SMTP upgraded, required) or {@code smtps} (TLS from the start)
 * @param port           0 = the usual port of the security mode (25, 587, 465)
 * @param from           empty = the product name at the gateway's host (SPEC F11)
 * @param timeoutSeconds SPEC F8, -1 = none
 */
public record MailSettings(String host, int port, Security security, String username, String password, String from,
                           List<String> to, List<String> cc, List<String> bcc, int timeoutSeconds) {

    public enum Security { NONE, STARTTLS, SMTPS }

    public static final List<String> FIELDS = List.of("host", "port", "security", "username", "password", "from",
            "to", "cc", "bcc", "timeoutSeconds");

    public MailSettings {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
    }

    /** Parses and validates effective settings; throws naming every bad field ("mail.to: ..."). */
    public static MailSettings parse(Map<String, ?> values) {
        SettingsReader r = new SettingsReader("mail", values, FIELDS);
        String host = r.required("host");
        Security security = r.choice("security", Security.class, Security.NONE);
        int port = r.integer("port", 0, 0, 65_535);
        String username = r.text("username");
        String password = r.uriSecret("password");
        if (username.isEmpty() && !password.isEmpty()) {
            r.problem("username", "must not be empty when a password is set");
        }
        String from = r.text("from");
        if (!from.isEmpty()) {
            r.addresses("from");
        }
        List<String> to = r.addresses("to");
        List<String> cc = r.addresses("cc");
        List<String> bcc = r.addresses("bcc");
        if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
            r.problem("to", "at least one recipient (to, cc or bcc) is needed");
        }
        int timeout = r.timeoutSeconds("timeoutSeconds", 60);
        r.finish();
        return new MailSettings(host, port, security, username, password, from, to, cc, bcc, timeout);
    }

    public int effectivePort() {
        if (port != 0) {
            return port;
        }
        return switch (security) {
            case NONE -> 25;
            case STARTTLS -> 587;
            case SMTPS -> 465;
        };
    }

    /** The JSON shape; without secrets the password is left out and {@code passwordSet} tells whether there is one. */
    public Map<String, Object> toMap(boolean withSecrets) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", host);
        m.put("port", port);
        m.put("security", security.name().toLowerCase(java.util.Locale.ROOT));
        m.put("username", username);
        if (withSecrets) {
            m.put("password", password);
        } else {
            m.put("passwordSet", !password.isEmpty());
        }
        m.put("from", from);
        m.put("to", String.join(",", to));
        m.put("cc", String.join(",", cc));
        m.put("bcc", String.join(",", bcc));
        m.put("timeoutSeconds", timeoutSeconds);
        return m;
    }

    @Override
    public String toString() {
        return "MailSettings" + toMap(false);
    }
}
