package org.metergate.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A large download written to a temporary file first, then streamed. The file is unlinked as soon as
 * it is opened for reading, so it disappears with the stream whatever happens to the request.
 */
final class SpoolFile {

    private final Path path;

    private SpoolFile(Path path) {
        this.path = path;
    }

    static SpoolFile create(String prefix, String suffix) throws IOException {
        return new SpoolFile(Files.createTempFile(prefix, suffix));
    }

    Writer writer() throws IOException {
        return Files.newBufferedWriter(path, StandardCharsets.UTF_8);
    }

    InputStream openAndUnlink() throws IOException {
        InputStream in = Files.newInputStream(path);
        try {
            Files.delete(path);
        } catch (IOException e) {
            // Platforms that cannot delete an open file: remove it when the JVM ends instead.
            path.toFile().deleteOnExit();
        }
        return in;
    }

    void discard() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
