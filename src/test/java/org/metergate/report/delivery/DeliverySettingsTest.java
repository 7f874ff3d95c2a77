package org.metergate.report.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.config.ConfigException;
import org.metergate.config.GatewayConfig;
import org.metergate.report.Protocol;

/** Settings parsing, validation messages, merging defaults and overrides, and that secrets stay secret. */
class DeliverySettingsTest {

    @TempDir
    Path dir;

    private static List<String> problems(Protocol p, Map<String, ?> settings) {
        try {
            Destinations.of(p, settings, Deliver.IDENTITY);
        } catch (InvalidSettingsException e) {
            return e.problems();
        }
        throw new AssertionError("settings accepted: " + settings);
    }

    @Test
    void everyBadFieldIsNamedAtOnce() {
        assertThat(problems(Protocol.FTP, Map.of())).containsExactly("ftp.host: must not be empty");
        assertThat(problems(Protocol.FTP, Map.of("host", "ftp://x/y", "port", "70000", "security", "tls",
                "folder", "a/../b", "timeoutSeconds", 0, "passive", "maybe", "hots", "typo")))
                .containsExactlyInAnyOrder(
                        "ftp.hots: unknown setting (known: " + String.join(", ", new java.util.TreeSet<>(FtpSettings.FIELDS)) + ")",
                        "ftp.host: must be a host name or IP address without scheme, port or path, got 'ftp://x/y'",
                        "ftp.security: must be one of [plain, ftps-explicit, ftps-implicit, sftp-password, sftp-key], got 'tls'",
                        "ftp.port: must be between 0 and 65535, got 70000",
                        "ftp.folder: must not contain '..'",
                        "ftp.passive: must be true or false, got 'maybe'",
                        "ftp.timeoutSeconds: must be -1 (no timeout) or 1 to 86400 seconds, got 0");
        assertThat(problems(Protocol.FTP, Map.of("host", "h", "security", "sftp-key", "username", "u",
                "privateKeyFile", dir.resolve("missing").toString())))
                .containsExactly("ftp.privateKeyFile: file " + dir.resolve("missing") + " does not exist or is not readable");
        assertThat(problems(Protocol.FTP, Map.of("host", "h", "security", "sftp-password")))
                .containsExactly("ftp.username: must not be empty", "ftp.password: must not be empty with security sftp-password");
        assertThat(problems(Protocol.EMAIL, Map.of("host", "smtp.example", "to", "a@b.example, not-an-address")))
                .containsExactly("mail.to: 'not-an-address' is not an e-mail address");
        assertThat(problems(Protocol.EMAIL, Map.of("host", "smtp.example")))
                .containsExactly("mail.to: at least one recipient (to, cc or bcc) is needed");
        assertThat(problems(Protocol.HTTP, Map.of("uri", "ftp://x/")))
                .containsExactly("http.uri: must start with http:// or https://, got 'ftp://x/'");
        assertThat(problems(Protocol.HTTP, Map.of("uri", "https://u:p@x/", "auth", "basic")))
                .containsExactly("http.uri: must not contain user:password (use auth basic with username and password)",
                        "http.username: must not be empty with auth basic");
        assertThat(problems(Protocol.HTTP, Map.of("uri", "http://x/ y")).get(0)).startsWith("http.uri: is not a URI");
    }

    @Test
    void secretsThatCamelCouldNotMaskAreRefused() {
        assertThat(problems(Protocol.FTP, Map.of("host", "h", "password", "pa&ss)word")))
                .containsExactly("ftp.password: must not contain ')' together with '&' or '}' (it could not be hidden in Camel's logs)");
        // HTTP credentials travel in a header, not in the URI: anything goes
        Destinations.of(Protocol.HTTP, Map.of("uri", "http://h/", "auth", "basic", "username", "u", "password", "pa&ss)wo}rd"),
                Deliver.IDENTITY);
    }

    @Test
    void anOverrideReplacesOnlyItsFields() {
        Map<String, Object> defaults = Map.of("host", "smtp.example", "username", "gw", "password", "pw",
                "to", "ops@utility.example", "cc", "audit@utility.example");
        Map<String, Object> override = new HashMap<>();
        override.put("to", "other@head.example");
        override.put("cc", "");
        override.put("username", null);
        MailDestination d = (MailDestination) Destinations.of(Protocol.EMAIL, Destinations.merge(defaults, override),
                Deliver.IDENTITY);
        assertThat(d.settings().host()).isEqualTo("smtp.example");
        assertThat(d.settings().username()).isEqualTo("gw");
        assertThat(d.settings().to()).containsExactly("other@head.example");
        assertThat(d.settings().cc()).isEmpty();
        assertThat(d.settings().effectivePort()).isEqualTo(25);
        assertThat(d.from()).isEqualTo("metergate.0016031801@gw.example");
        assertThat(d.describe()).isEqualTo("e-mail via smtp://gw@smtp.example:25 to other@head.example");
    }

    @Test
    void defaultsComeFromTheConfiguration() {
        GatewayConfig config = GatewayConfig.of(Map.of("metergate.report.ftp.host", "ftp.utility.example",
                "metergate.report.ftp.security", "sftp-password", "metergate.report.ftp.username", "gw",
                "metergate.report.ftp.password", "pw", "metergate.report.ftp.preserveTimestamp", "false"));
        DeliveryDefaults defaults = DeliveryDefaults.fromConfig(config);
        assertThat(defaults.configured()).containsExactly("ftp");
        assertThat(defaults.of(Protocol.EMAIL)).isEmpty();
        FtpDestination d = (FtpDestination) Destinations.of(Protocol.FTP,
                defaults.effective(Protocol.FTP, Map.of("folder", "in")), Deliver.IDENTITY);
        assertThat(d.settings().effectivePort()).isEqualTo(22);
        assertThat(d.settings().preserveTimestamp()).isFalse();
        assertThat(d.describe()).isEqualTo("sftp (password) gw@ftp.utility.example:22/in");
    }

    @Test
    void httpDestinationDescribesItselfWithoutTheVerbFirst() throws Exception {
        Destination d = Destinations.of(Protocol.HTTP, Map.of("uri", "https://head.example/in", "auth", "basic",
                "username", "gw", "password", "s3cret"), Deliver.IDENTITY);
        assertThat(d.describe()).isEqualTo("https://head.example/in (HTTP POST, basic auth as gw)");
    }

    @Test
    void passwordsAreInTheEndpointUriOnlyAndNeverInDescribeOrToString() {
        String secret = "Very$ecret-42";
        Map<Protocol, Map<String, Object>> all = Map.of(
                Protocol.EMAIL, Map.of("host", "smtp.example", "username", "gw", "password", secret, "to", "a@b.example"),
                Protocol.FTP, Map.of("host", "ftp.example", "username", "gw", "password", secret),
                Protocol.HTTP, Map.of("uri", "https://head.example/in", "auth", "basic", "username", "gw", "password", secret));
        for (var e : all.entrySet()) {
            Destination d = Destinations.of(e.getKey(), e.getValue(), Deliver.IDENTITY);
            assertThat(d.describe()).doesNotContain(secret);
            assertThat(d.toString()).doesNotContain(secret);
        }
        assertThat(MailSettings.parse(all.get(Protocol.EMAIL)).toString()).doesNotContain(secret).contains("passwordSet=true");
        assertThat(FtpSettings.parse(all.get(Protocol.FTP)).toString()).doesNotContain(secret);
        assertThat(HttpSettings.parse(all.get(Protocol.HTTP)).toString()).doesNotContain(secret);
        assertThat(Destinations.of(Protocol.FTP, all.get(Protocol.FTP), Deliver.IDENTITY).endpointUri())
                .contains("password=RAW(" + secret + ")");
        // HTTP carries the password only in the Authorization header, never in the URI
        assertThat(Destinations.of(Protocol.HTTP, all.get(Protocol.HTTP), Deliver.IDENTITY).endpointUri())
                .doesNotContain(secret).contains("sslContextParameters=#reportTls");
    }

    @Test
    void camelsUriSanitizerMasksWholePasswords() throws Exception {
        for (String secret : List.of("pa(ss)QZ9k", "s%cr}t+x yQZ8", "plain&secQZ7", "with)parQZ6")) {
            for (Protocol p : List.of(Protocol.EMAIL, Protocol.FTP)) {
                String uri = Destinations.of(p, Map.of("host", "h.example", "username", "gw", "password", secret,
                        "to", "a@b.example").entrySet().stream()
                        .filter(e -> p == Protocol.EMAIL || !e.getKey().equals("to"))
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                        Deliver.IDENTITY).endpointUri();
                String normalized = org.apache.camel.util.URISupport.normalizeUri(uri);
                for (String shown : List.of(uri, normalized)) {
                    String sanitized = org.apache.camel.util.URISupport.sanitizeUri(shown);
                    assertThat(sanitized).doesNotContain(secret.substring(secret.length() - 4));
                }
            }
        }
    }

    @Test
    void timeoutsMapToTheEndpointOptions() {
        String ftp = Destinations.of(Protocol.FTP, Map.of("host", "h", "timeoutSeconds", 15), Deliver.IDENTITY).endpointUri();
        assertThat(ftp).contains("connectTimeout=15000", "soTimeout=15000", "timeout=15000");
        String none = Destinations.of(Protocol.FTP, Map.of("host", "h", "timeoutSeconds", -1), Deliver.IDENTITY).endpointUri();
        assertThat(none).contains("connectTimeout=0", "soTimeout=0", "timeout=0");
        String http = Destinations.of(Protocol.HTTP, Map.of("uri", "http://h/", "timeoutSeconds", 5, "responseTimeout", false),
                Deliver.IDENTITY).endpointUri();
        assertThat(http).contains("httpClient.connectTimeout=5000", "httpClient.responseTimeout=0");
        String mail = Destinations.of(Protocol.EMAIL, Map.of("host", "h", "to", "a@b.c", "timeoutSeconds", 7),
                Deliver.IDENTITY).endpointUri();
        assertThat(mail).contains("connectionTimeout=7000", "mail.smtp.timeout=7000");
    }

    @Test
    void truststoreSettingIsCheckedAtStart() throws Exception {
        assertThatThrownBy(() -> ReportTrust.fromConfig(GatewayConfig.of(Map.of("metergate.report.truststore",
                dir.resolve("nope.p12").toString()))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metergate.report.truststore: file");
        Path junk = Files.writeString(dir.resolve("junk.p12"), "not a keystore");
        assertThatThrownBy(() -> ReportTrust.fromConfig(GatewayConfig.of(Map.of("metergate.report.truststore",
                junk.toString())))).isInstanceOf(ConfigException.class).hasMessageContaining("cannot read");
        assertThat(ReportTrust.fromConfig(GatewayConfig.of(Map.of())).toString()).isEqualTo("ReportTrust[the JDK trust store]");
    }
}
