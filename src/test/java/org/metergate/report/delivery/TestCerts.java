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

    static TestCerts create(Path dir, String name) throws IOException, InterruptedException {
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

    static void requireFile(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " missing");
        }
    }
}
