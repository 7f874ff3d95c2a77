package org.metergate.report.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server certificate for 127.0.0.1/localhost made with the JDK's keytool: the server's
 * PKCS12 keystore and a truststore holding only its certificate.
 */
record TestCerts(Path keystore, Path truststore, String password) {

    private static final java.util.Map<String, TestCerts> MADE = new java.util.concurrent.ConcurrentHashMap<>();

    /** One certificate per name and test JVM: keytool runs three JVMs, too slow to repeat per test. */
    static TestCerts create(Path ignoredDir, String name) throws IOException, InterruptedException {
        TestCerts made = MADE.get(name);
        if (made == null) {
            Path dir = Files.createTempDirectory("metergate-certs-");
            made = make(dir, name);
            // deleteOnExit runs in reverse order: the folder last
            for (Path p : new Path[] {dir, made.keystore, made.truststore, dir.resolve(name + ".cer")}) {
                p.toFile().deleteOnExit();
            }
            MADE.put(name, made);
        }
        return made;
    }

    private static TestCerts make(Path dir, String name) throws IOException, InterruptedException {
        Path ks = dir.resolve(name + "-server.p12");
        Path cer = dir.resolve(name + ".cer");
        Path ts = dir.resolve(name + "-trust.p12");
        String pw = "changeit";
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=" + name + " test server", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", pw, "-keypass", pw);
        keytool("-exportcert", "-alias", "server", "-keystore", ks.toString(), "-storepass", pw, "-file", cer.toString());
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", cer.toString(),
                "-storetype", "PKCS12", "-keystore", ts.toString(), "-storepass", pw);
        return new TestCerts(ks, ts, pw);
    }

    ReportTrust trust() {
        return ReportTrust.withStore(truststore, password.toCharArray());
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
