package org.metergate.wmbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** ARCHITECTURE.md: {@code wmbus} depends on the JDK and {@code org.metergate.mbus} only. */
class ArchitectureTest {
    @Test
    void wmbusImportsOnlyTheJdkAndMbus() throws Exception {
        Path dir = Path.of("src/main/java/org/metergate/wmbus");
        Pattern imp = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);
        Pattern qualified = Pattern.compile("\\b(org\\.(?!metergate\\.(mbus|wmbus)\\b)\\w+|com\\.\\w+|io\\.\\w+)\\.");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            String src = Files.readString(f);
            Matcher m = imp.matcher(src);
            while (m.find()) {
                assertThat(m.group(2)).as(f.toString()).matches("(java|javax)\\..*|org\\.metergate\\.(mbus|wmbus)\\..*");
            }
            // fully qualified use without an import
            assertThat(qualified.matcher(src).find()).as(f + " uses a qualified non-JDK name").isFalse();
        }
    }
}
