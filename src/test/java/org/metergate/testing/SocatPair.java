package org.metergate.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A linked pair of pseudo terminals made by socat, as a serial cable between the gateway and a
 * simulator or dongle. Tests that need one are skipped when socat is not installed
 * (.ci/run installs it).
 */
public final class SocatPair implements AutoCloseable {

    public final Path a;
    public final Path b;
    private final Process process;

    private SocatPair(Path a, Path b, Process process) {
        this.a = a;
        this.b = b;
        this.process = process;
    }

    public static SocatPair open(Path dir) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat not installed: serial pty tests skipped");
        Path a = dir.resolve("ttyA");
        Path b = dir.resolve("ttyB");
        Process p = new ProcessBuilder("/usr/bin/socat", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(a) && Files.exists(b))) {
            if (System.nanoTime() > deadline || !p.isAlive()) {
                p.destroyForcibly();
                throw new IOException("socat did not create the pty pair " + a + " / " + b);
            }
            Thread.sleep(20);
        }
        return new SocatPair(a, b, p);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
