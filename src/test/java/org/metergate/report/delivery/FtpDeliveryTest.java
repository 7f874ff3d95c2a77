package org.metergate.report.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfigurationFactory;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;
import org.apache.ftpserver.ftplet.UserManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.report.Protocol;
import org.metergate.report.ReportFile;

/** Plain FTP, explicit and implicit FTPS against Apache MINA FtpServer on loopback. */
class FtpDeliveryTest {

    private static final Instant RENDERED = Instant.parse("2026-03-01T12:00:07Z");

    @TempDir
    Path dir;

    private FtpServer server;
    private Path home;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Starts the server; tls null = plain FTP. */
    private int start(TestCerts tls, boolean implicit) throws Exception {
        home = Files.createDirectories(dir.resolve("ftp-home"));
        FtpServerFactory sf = new FtpServerFactory();
        ListenerFactory lf = new ListenerFactory();
        lf.setServerAddress("127.0.0.1");
        lf.setPort(0);
        if (tls != null) {
            SslConfigurationFactory ssl = new SslConfigurationFactory();
            ssl.setKeystoreFile(tls.keystore().toFile());
            ssl.setKeystorePassword(tls.password());
            ssl.setKeystoreType("PKCS12");
            ssl.setKeyPassword(tls.password());
            lf.setSslConfiguration(ssl.createSslConfiguration());
            lf.setImplicitSsl(implicit);
        }
        sf.addListener("default", lf.createListener());
        UserManager users = new PropertiesUserManagerFactory().createUserManager();
        BaseUser user = new BaseUser();
        user.setName("meter");
        user.setPassword("pa(ss)wo%rd+x");
        user.setHomeDirectory(home.toString());
        user.setAuthorities(List.of(new WritePermission()));
        users.save(user);
        sf.setUserManager(users);
        server = sf.createServer();
        server.start();
        return sf.getListener("default").getPort();
    }

    private ReportFile report() throws Exception {
        return Deliver.report(dir, "metergate_valuereport_20260301120000_2.csv", "text/csv; charset=windows-1252",
                Deliver.csv(5000), RENDERED);
    }

    private Map<String, Object> settings(int port, String security) {
        Map<String, Object> m = new HashMap<>();
        m.put("host", "127.0.0.1");
        m.put("port", port);
        m.put("security", security);
        m.put("folder", "/incoming/gw1/");
        m.put("username", "meter");
        m.put("password", "pa(ss)wo%rd+x");
        m.put("timeoutSeconds", 20);
        return m;
    }

    private void assertDelivered(ReportFile file, boolean preserved) throws Exception {
        Path remote = home.resolve("incoming/gw1").resolve(file.fileName());
        assertThat(remote).exists();
        assertThat(Files.readAllBytes(remote)).isEqualTo(Files.readAllBytes(file.path()));
        Instant mtime = Files.getLastModifiedTime(remote).toInstant().truncatedTo(ChronoUnit.SECONDS);
        if (preserved) {
            assertThat(mtime).isEqualTo(RENDERED);
        } else {
            assertThat(mtime).isAfter(RENDERED.plus(1, ChronoUnit.DAYS));
        }
    }

    @Test
    void plainFtpIntoTheTargetFolderPreservingTheTimestamp() throws Exception {
        int port = start(null, false);
        ReportFile file = report();
        Deliver.deliver(Destinations.of(Protocol.FTP, settings(port, "plain"), Deliver.IDENTITY), file,
                ReportTrust.jdkOnly());
        assertDelivered(file, true);
    }

    @Test
    void withoutPreserveTimestampTheServerSetsTheTime() throws Exception {
        int port = start(null, false);
        ReportFile file = report();
        Map<String, Object> s = settings(port, "plain");
        s.put("preserveTimestamp", false);
        Deliver.deliver(Destinations.of(Protocol.FTP, s, Deliver.IDENTITY), file, ReportTrust.jdkOnly());
        assertDelivered(file, false);
    }

    @Test
    void aSecondDeliveryOfTheSameFileReplacesIt() throws Exception {
        int port = start(null, false);
        Destination d = Destinations.of(Protocol.FTP, settings(port, "plain"), Deliver.IDENTITY);
        Deliver.deliver(d, Deliver.report(dir, "r.csv", "text/csv", new byte[] {1, 2, 3, 4, 5}, RENDERED),
                ReportTrust.jdkOnly());
        ReportFile second = Deliver.report(dir, "r.csv", "text/csv", new byte[] {9}, RENDERED);
        Deliver.deliver(d, second, ReportTrust.jdkOnly());
        assertThat(Files.readAllBytes(home.resolve("incoming/gw1/r.csv"))).containsExactly(9);
    }

    @Test
    void anEmptyFolderIsTheLoginDirectory() throws Exception {
        int port = start(null, false);
        Map<String, Object> s = settings(port, "plain");
        s.put("folder", "");
        ReportFile file = report();
        Deliver.deliver(Destinations.of(Protocol.FTP, s, Deliver.IDENTITY), file, ReportTrust.jdkOnly());
        assertThat(Files.readAllBytes(home.resolve(file.fileName()))).isEqualTo(Files.readAllBytes(file.path()));
    }

    @Test
    void wrongPasswordFails() throws Exception {
        int port = start(null, false);
        Map<String, Object> s = settings(port, "plain");
        s.put("password", "wrong");
        Exception e = Deliver.send(Destinations.of(Protocol.FTP, s, Deliver.IDENTITY), report(), ReportTrust.jdkOnly());
        assertThat(e).isNotNull();
        assertThat(Deliver.messages(e)).contains("530");
    }

    @Test
    void explicitFtpsWithTheCertificateInTheTruststore() throws Exception {
        TestCerts certs = TestCerts.create(dir, "ftps");
        int port = start(certs, false);
        ReportFile file = report();
        Deliver.deliver(Destinations.of(Protocol.FTP, settings(port, "ftps-explicit"), Deliver.IDENTITY), file,
                certs.trust());
        assertDelivered(file, true);
    }

    @Test
    void implicitFtpsWithTheCertificateInTheTruststore() throws Exception {
        TestCerts certs = TestCerts.create(dir, "ftps");
        int port = start(certs, true);
        ReportFile file = report();
        Deliver.deliver(Destinations.of(Protocol.FTP, settings(port, "ftps-implicit"), Deliver.IDENTITY), file,
                certs.trust());
        assertDelivered(file, true);
    }

    @Test
    void explicitFtpsWithAnUntrustedCertificateIsRefused() throws Exception {
        TestCerts certs = TestCerts.create(dir, "ftps");
        int port = start(certs, false);
        Exception e = Deliver.send(Destinations.of(Protocol.FTP, settings(port, "ftps-explicit"), Deliver.IDENTITY),
                report(), ReportTrust.jdkOnly());
        assertThat(e).isNotNull();
        assertThat(Deliver.messages(e)).contains("untrusted server certificate 'CN=ftps test server'");
        assertThat(home.resolve("incoming/gw1/metergate_valuereport_20260301120000_2.csv")).doesNotExist();
    }

    @Test
    void implicitFtpsWithAnUntrustedCertificateIsRefused() throws Exception {
        TestCerts certs = TestCerts.create(dir, "ftps");
        int port = start(certs, true);
        Exception e = Deliver.send(Destinations.of(Protocol.FTP, settings(port, "ftps-implicit"), Deliver.IDENTITY),
                report(), ReportTrust.jdkOnly());
        assertThat(e).isNotNull();
        assertThat(Deliver.messages(e)).contains("untrusted server certificate");
    }
}
