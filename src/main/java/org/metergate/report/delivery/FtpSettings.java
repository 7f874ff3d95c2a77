package org.metergate.report.delivery;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * FTP delivery (SPEC F1): plain FTP, explicit or implicit FTPS, SFTP with password or private key.
 *
 * @param port              0 = the usual port (21, 990 for implicit FTPS, 22 for SFTP)
 * @param folder            target folder on the server, relative to the login directory ("" = that directory)
 * @param privateKeyFile    SFTP key mode: an OpenSSH or PEM private key file
 * @param knownHostsFile    SFTP: a known_hosts file; when set the server's host key must be in it
 * @param preserveTimestamp the remote file's modification time = the report file's (MFMT on FTP, SETSTAT on SFTP)
 * @param passive           FTP/FTPS passive mode (default on: works through NAT and firewalls)
 * @param timeoutSeconds    SPEC F8, -1 = none: connect, reply and socket timeouts
 */
public record FtpSettings(String host, int port, Security security, String folder, String username, String password,
                          String privateKeyFile, String privateKeyPassphrase, String knownHostsFile,
                          boolean preserveTimestamp, boolean passive, int timeoutSeconds) {

    public enum Security {
        PLAIN, FTPS_EXPLICIT, FTPS_IMPLICIT, SFTP_PASSWORD, SFTP_KEY;

        public boolean sftp() {
            return this == SFTP_PASSWORD || this == SFTP_KEY;
        }

        public boolean tls() {
            return this == FTPS_EXPLICIT || this == FTPS_IMPLICIT;
        }
    }

    public static final List<String> FIELDS = List.of("host", "port", "security", "folder", "username", "password",
            "privateKeyFile", "privateKeyPassphrase", "knownHostsFile", "preserveTimestamp", "passive", "timeoutSeconds");

    public static FtpSettings parse(Map<String, ?> values) {
        SettingsReader r = new SettingsReader("ftp", values, FIELDS);
        String host = r.required("host");
        if (host.contains("/") || host.contains(":") && !host.startsWith("[")) {
            r.problem("host", "must be a host name or IP address without scheme, port or path, got '" + host + "'");
        }
        Security security = r.choice("security", Security.class, Security.PLAIN);
        int port = r.integer("port", 0, 0, 65_535);
        String folder = r.text("folder").replace('\\', '/');
        while (folder.startsWith("/")) {
            folder = folder.substring(1);
        }
        while (folder.endsWith("/")) {
            folder = folder.substring(0, folder.length() - 1);
        }
        if (List.of(folder.split("/")).contains("..")) {
            r.problem("folder", "must not contain '..'");
        }
        String username = security.sftp() ? r.required("username") : r.text("username");
        String password = r.uriSecret("password");
        String key = r.text("privateKeyFile");
        if (security == Security.SFTP_KEY) {
            readableFile(r, "privateKeyFile", key, true);
        } else if (!key.isEmpty()) {
            r.problem("privateKeyFile", "only used with security sftp-key");
        }
        if (security == Security.SFTP_PASSWORD && password.isEmpty()) {
            r.problem("password", "must not be empty with security sftp-password");
        }
        String passphrase = r.uriSecret("privateKeyPassphrase");
        String knownHosts = r.text("knownHostsFile");
        if (!knownHosts.isEmpty()) {
            if (!security.sftp()) {
                r.problem("knownHostsFile", "only used with SFTP");
            } else {
                readableFile(r, "knownHostsFile", knownHosts, true);
            }
        }
        boolean preserve = r.bool("preserveTimestamp", true);
        boolean passive = r.bool("passive", true);
        int timeout = r.timeoutSeconds("timeoutSeconds", 60);
        r.finish();
        return new FtpSettings(host, port, security, folder, username, password, key, passphrase, knownHosts,
                preserve, passive, timeout);
    }

    private static void readableFile(SettingsReader r, String field, String value, boolean required) {
        if (value.isEmpty()) {
            if (required) {
                r.problem(field, "must not be empty");
            }
            return;
        }
        try {
            if (!Files.isReadable(Path.of(value))) {
                r.problem(field, "file " + value + " does not exist or is not readable");
            }
        } catch (InvalidPathException e) {
            r.problem(field, "'" + value + "' is not a file path");
        }
    }

    public int effectivePort() {
        if (port != 0) {
            return port;
        }
        return switch (security) {
            case PLAIN, FTPS_EXPLICIT -> 21;
            case FTPS_IMPLICIT -> 990;
            case SFTP_PASSWORD, SFTP_KEY -> 22;
        };
    }

    public Map<String, Object> toMap(boolean withSecrets) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", host);
        m.put("port", port);
        m.put("security", security.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("folder", folder);
        m.put("username", username);
        if (withSecrets) {
            m.put("password", password);
            m.put("privateKeyPassphrase", privateKeyPassphrase);
        } else {
            m.put("passwordSet", !password.isEmpty());
        }
        m.put("privateKeyFile", privateKeyFile);
        m.put("knownHostsFile", knownHostsFile);
        m.put("preserveTimestamp", preserveTimestamp);
        m.put("passive", passive);
        m.put("timeoutSeconds", timeoutSeconds);
        return m;
    }

    @Override
    public String toString() {
        return "FtpSettings" + toMap(false);
    }
}
