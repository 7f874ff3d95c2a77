package org.metergate.report.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.report.Protocol;
import org.metergate.report.ReportFile;

/** SFTP with password and with a private key against Apache MINA SSHD on loopback. */
class SftpDeliveryTest {

    private static final Instant RENDERED = Instant.parse("2026-02-03T04:05:06Z");

    @TempDir
    Path dir;

    private SshServer sshd;
    private Path root;
    private KeyPair clientKey;

    @BeforeEach
    void start() throws Exception {
        root = Files.createDirectories(dir.resolve("sftp-root"));
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        clientKey = g.generateKeyPair();
        PublicKey allowed = clientKey.getPublic();
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(dir.resolve("hostkey.ser")));
        sshd.setPasswordAuthenticator((user, password, session) -> user.equals("meter") && password.equals("s&cr%t+x y"));
        sshd.setPublickeyAuthenticator((user, key, session) -> user.equals("meter") && KeyUtils.compareKeys(key, allowed));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        sshd.start();
    }

    @AfterEach
    void stop() throws Exception {
        sshd.stop(true);
    }

    private ReportFile report() throws Exception {
        return Deliver.report(dir, "metergate_valuereport_20260203040506_3.json", "application/json",
                "{\"values\":[1,2,3]}".repeat(3000).getBytes(), RENDERED);
    }

    private Map<String, Object> settings(String security) {
        Map<String, Object> m = new HashMap<>();
        m.put("host", "127.0.0.1");
        m.put("port", sshd.getPort());
        m.put("security", security);
        m.put("folder", "in/values");
        m.put("username", "meter");
        m.put("timeoutSeconds", 20);
        return m;
    }

    private void assertDelivered(ReportFile file) throws Exception {
        Path remote = root.resolve("in/values").resolve(file.fileName());
        assertThat(remote).exists();
        assertThat(Files.readAllBytes(remote)).isEqualTo(Files.readAllBytes(file.path()));
        assertThat(Files.getLastModifiedTime(remote).toInstant().truncatedTo(ChronoUnit.SECONDS)).isEqualTo(RENDERED);
    }

    @Test
    void withPassword() throws Exception {
        Map<String, Object> s = settings("sftp-password");
        s.put("password", "s&cr%t+x y");
        ReportFile file = report();
        Deliver.deliver(Destinations.of(Protocol.FTP, s, Deliver.IDENTITY), file, ReportTrust.jdkOnly());
        assertDelivered(file);
    }

    @Test
    void withPrivateKeyInOpenSshFormat() throws Exception {
        Path keyFile = dir.resolve("id_rsa");
        try (OutputStream out = Files.newOutputStream(keyFile)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "metergate test", null, out);
        }
        Map<String, Object> s = settings("sftp-key");
        s.put("privateKeyFile", keyFile.toString());
        ReportFile file = report();
        Deliver.deliver(Destinations.of(Protocol.FTP, s, Deliver.IDENTITY), file, ReportTrust.jdkOnly());
        assertDelivered(file);
    }

    @Test
    void wrongKeyIsRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        Path keyFile = dir.resolve("other_rsa");
        try (OutputStream out = Files.newOutputStream(keyFile)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(g.generateKeyPair(), "other", null, out);
        }
        Map<String, Object> s = settings("sftp-key");
        s.put("privateKeyFile", keyFile.toString());
        Exception e = Deliver.send(Destinations.of(Protocol.FTP, s, Deliver.IDENTITY), report(), ReportTrust.jdkOnly());
        assertThat(e).isNotNull();
        assertThat(Deliver.messages(e)).containsIgnoringCase("auth");
        assertThat(root.resolve("in/values")).doesNotExist();
    }

    @Test
    void withAKnownHostsFileAnotherHostKeyIsRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        PublicKey impostor = g.generateKeyPair().getPublic();
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + sshd.getPort() + " "
                + PublicKeyEntry.toString(impostor) + "\n");
        Map<String, Object> s = settings("sftp-password");
        s.put("password", "s&cr%t+x y");
        s.put("knownHostsFile", knownHosts.toString());
        Exception e = Deliver.send(Destinations.of(Protocol.FTP, s, Deliver.IDENTITY), report(), ReportTrust.jdkOnly());
        assertThat(e).isNotNull();
        assertThat(Deliver.messages(e)).containsIgnoringCase("HostKey");
    }

    @Test
    void withAKnownHostsFileHoldingTheServerKeyItIsDelivered() throws Exception {
        PublicKey hostKey = sshd.getKeyPairProvider().loadKeys(null).iterator().next().getPublic();
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + sshd.getPort() + " " + PublicKeyEntry.toString(hostKey) + "\n");
        Map<String, Object> s = settings("sftp-password");
        s.put("password", "s&cr%t+x y");
        s.put("knownHostsFile", knownHosts.toString());
        ReportFile file = report();
        Deliver.deliver(Destinations.of(Protocol.FTP, s, Deliver.IDENTITY), file, ReportTrust.jdkOnly());
        assertDelivered(file);
    }
}
