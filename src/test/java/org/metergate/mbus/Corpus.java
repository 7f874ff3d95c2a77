package org.metergate.mbus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Locates the libmbus corpus in place (never copied into the project). */
final class Corpus {
    private Corpus() {
    }

    static Path dir() {
        return Path.of(System.getProperty("metergate.shared", "../shared"), "corpus", "libmbus");
    }

    static boolean present() {
        return Files.isDirectory(dir().resolve("test-frames"));
    }

    static List<Path> hexFiles(String folder) throws IOException {
        try (Stream<Path> s = Files.list(dir().resolve(folder))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".hex")).sorted().toList();
        }
    }

    static String name(Path hex) {
        String n = hex.getFileName().toString();
        return n.substring(0, n.length() - 4);
    }

    /** All valid test frames as bytes (for fuzz seeds and benchmarks). */
    static List<byte[]> testFrames() throws IOException {
        List<byte[]> out = new java.util.ArrayList<>();
        for (Path p : hexFiles("test-frames")) {
            try {
                out.add(Hex.parse(Files.readString(p)));
            } catch (MbusDecodeException e) {
                throw new IllegalStateException(p + ": " + e.getMessage());
            }
        }
        return out;
    }
}
