package org.metergate.report.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.report.Protocol;
import org.metergate.report.ReportFile;

/** E-mail delivery against GreenMail: SMTP with auth, SMTPS, and STARTTLS through {@link StartTlsFront}. */
class MailDeliveryTest {

    private static final String[] TLS_PROPERTIES = {"greenmail.tls.keystore.file", "greenmail.tls.keystore.password",
        "greenmail.tls.key.password"};

    @TempDir
    Path dir;

    private GreenMail greenMail;

    @AfterEach
    void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
        for (String p : TLS_PROPERTIES) {
            System.clearProperty(p);
        }
    }

    private GreenMail start(TestCerts certs, String protocol) {
        if (certs != null) {
            // GreenMail's SMTPS reads its server certificate from these (its built-in one is for "localhost" only)
            System.setProperty(TLS_PROPERTIES[0], certs.keystore().toString());
            System.setProperty(TLS_PROPERTIES[1], certs.password());
            System.setProperty(TLS_PROPERTIES[2], certs.password());
        }
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", protocol).dynamicPort());
        greenMail.setUser("gateway@gw.example", "gateway", "p@ss)w+rd");
        greenMail.start();
        return greenMail;
    }

    private int port(String protocol) {
        return protocol.equals("smtps") ? greenMail.getSmtps().getPort() : greenMail.getSmtp().getPort();
    }

    private ReportFile report() throws Exception {
        return Deliver.report(dir, "metergate_valuereport_20260301120000_1.csv", "text/csv; charset=windows-1252",
                Deliver.csv(3000), Instant.parse("2026-03-01T12:00:00Z"));
    }

    private Map<String, Object> settings(int port, String security) {
        Map<String, Object> m = new HashMap<>();
        m.put("host", "127.0.0.1");
        m.put("port", port);
        m.put("security", security);
        m.put("username", "gateway");
        m.put("password", "p@ss)w+rd");
        m.put("to", "a@head.example, b@head.example");
        m.put("cc", "c@head.example");
        m.put("bcc", java.util.List.of("d@audit.example"));
        m.put("timeoutSeconds", 20);
        return m;
    }

    private static String addresses(Address[] a) {
        return a == null ? "" : String.join(",", Arrays.stream(a).map(Address::toString).toList());
    }

    private void assertReceived(ReportFile file) throws Exception {
        MimeMessage[] received = greenMail.getReceivedMessages();
        // one copy per recipient: two to, one cc, one bcc
        assertThat(received).hasSize(4);
        MimeMessage m = received[0];
        assertThat(m.getSubject()).isEqualTo("metergate.0016031801: report metergate_valuereport_20260301120000_1.csv");
        assertThat(addresses(m.getFrom())).isEqualTo("metergate.0016031801@gw.example");
        assertThat(addresses(m.getRecipients(Message.RecipientType.TO))).isEqualTo("a@head.example,b@head.example");
        assertThat(addresses(m.getRecipients(Message.RecipientType.CC))).isEqualTo("c@head.example");
        assertThat(m.getHeader("Bcc")).isNull();
        // the bcc recipient got its copy (GreenMail files each copy in the recipient's inbox)
        var bcc = greenMail.getUserManager().getUserByEmail("d@audit.example");
        assertThat(bcc).isNotNull();
        assertThat(greenMail.getManagers().getImapHostManager().getInbox(bcc).getMessageCount()).isEqualTo(1);
        // the triggering request's credentials are not in the mail
        assertThat(m.getHeader("Authorization")).isNull();

        MimeMultipart mp = (MimeMultipart) m.getContent();
        BodyPart text = null;
        BodyPart attachment = null;
        for (int i = 0; i < mp.getCount(); i++) {
            BodyPart p = mp.getBodyPart(i);
            if (Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition())) {
                attachment = p;
            } else {
                text = p;
            }
        }
        assertThat(text).isNotNull();
        assertThat(text.getContent().toString()).contains("metergate_valuereport_20260301120000_1.csv")
                .contains("serial 0016031801").contains("2026-03-01T12:00:00Z");
        assertThat(attachment).isNotNull();
        assertThat(attachment.getFileName()).isEqualTo(file.fileName());
        assertThat(attachment.getContentType()).startsWith("text/csv");
        assertThat(attachment.getInputStream().readAllBytes()).isEqualTo(Files.readAllBytes(file.path()));
    }

    @Test
    void smtpWithAuthToCcBccAndTheReportAttached() throws Exception {
        start(null, "smtp");
        ReportFile file = report();
        Deliver.deliver(Destinations.of(Protocol.EMAIL, settings(port("smtp"), "none"), Deliver.IDENTITY), file,
                ReportTrust.jdkOnly());
        assertReceived(file);
    }

    @Test
    void wrongPasswordFails() throws Exception {
        start(null, "smtp");
        greenMail.getManagers().getSmtpManager().getUserManager().setAuthRequired(true);
        Map<String, Object> s = settings(port("smtp"), "none");
        s.put("password", "wrong");
        Exception e = Deliver.send(Destinations.of(Protocol.EMAIL, s, Deliver.IDENTITY), report(), ReportTrust.jdkOnly());
        assertThat(e).isNotNull();
        assertThat(Deliver.messages(e)).containsIgnoringCase("auth");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void smtpsWithTheCertificateInTheTruststore() throws Exception {
        TestCerts certs = TestCerts.create(dir, "smtps");
        start(certs, "smtps");
        ReportFile file = report();
        Deliver.deliver(Destinations.of(Protocol.EMAIL, settings(port("smtps"), "smtps"), Deliver.IDENTITY), file,
                certs.trust());
        assertReceived(file);
    }

    @Test
    void smtpsWithAnUntrustedCertificateIsRefused() throws Exception {
        TestCerts certs = TestCerts.create(dir, "smtps");
        start(certs, "smtps");
        Exception e = Deliver.send(Destinations.of(Protocol.EMAIL, settings(port("smtps"), "smtps"), Deliver.IDENTITY),
                report(), ReportTrust.jdkOnly());
        assertThat(e).isNotNull();
        assertThat(Deliver.messages(e)).contains("untrusted server certificate 'CN=smtps test server'");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void startTlsWithTheCertificateInTheTruststore() throws Exception {
        TestCerts certs = TestCerts.create(dir, "starttls");
        start(null, "smtp");
        try (StartTlsFront front = new StartTlsFront(certs, port("smtp"))) {
            ReportFile file = report();
            Deliver.deliver(Destinations.of(Protocol.EMAIL, settings(front.port(), "starttls"), Deliver.IDENTITY), file,
                    certs.trust());
            assertReceived(file);
        }
    }

    @Test
    void startTlsWithAnUntrustedCertificateIsRefused() throws Exception {
        TestCerts certs = TestCerts.create(dir, "starttls");
        start(null, "smtp");
        try (StartTlsFront front = new StartTlsFront(certs, port("smtp"))) {
            Exception e = Deliver.send(Destinations.of(Protocol.EMAIL, settings(front.port(), "starttls"),
                    Deliver.IDENTITY), report(), ReportTrust.jdkOnly());
            assertThat(e).isNotNull();
            assertThat(Deliver.messages(e)).contains("untrusted server certificate 'CN=starttls test server'");
            assertThat(greenMail.getReceivedMessages()).isEmpty();
        }
    }

    @Test
    void startTlsIsRequiredNotOptional() throws Exception {
        // a plain server that does not offer STARTTLS: the gateway must not fall back to plain text
        start(null, "smtp");
        Exception e = Deliver.send(Destinations.of(Protocol.EMAIL, settings(port("smtp"), "starttls"), Deliver.IDENTITY),
                report(), ReportTrust.jdkOnly());
        assertThat(e).isNotNull();
        assertThat(Deliver.messages(e)).containsIgnoringCase("STARTTLS");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }
}
