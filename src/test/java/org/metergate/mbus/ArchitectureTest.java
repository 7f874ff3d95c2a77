package org.metergate.mbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** ARCHITECTURE.md: {@code mbus} depends on nothing but the JDK. */
class ArchitectureTest {
    @Test
    void mbusImportsOnlyTheJdk() throws Exception {
        Path dir = Path.of("src/main/java/org/metergate/mbus");
        Pattern imp = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            Matcher m = imp.matcher(Files.readString(f));
            while (m.find()) {
                assertThat(m.group(2)).as(f.toString()).matches("(java|javax)\\..*");
            }
        }
    }
}
