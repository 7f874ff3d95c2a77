package org.metergate.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code receiver} depends on the JDK, jSerialComm and the protocol libraries only: no Camel, no gateway. */
class ArchitectureTest {
    @Test
    void receiverImportsOnlyTheJdkJSerialCommAndTheProtocolLibraries() throws Exception {
        Pattern imp = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("src/main/java/org/metergate/receiver"))) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(files).hasSizeGreaterThan(10);
        for (Path f : files) {
            Matcher m = imp.matcher(Files.readString(f));
            while (m.find()) {
                assertThat(m.group(2)).as(f.toString())
                        .matches("(java|javax)\\..*|com\\.fazecast\\.jSerialComm\\..*|org\\.metergate\\.(mbus|wmbus|receiver|serial)\\..*");
            }
        }
    }
}
