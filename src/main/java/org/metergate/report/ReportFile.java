package org.metergate.report;

import java.nio.file.Path;

/**
 * A rendered report on disk, ready to deliver: reports are streamed to files (a value report of a
 * large fleet does not fit in memory), delivered from there and kept until the outbox says so.
 *
 * @param path      the file
 * @param fileName  the name it is delivered under ({@code <instance>_<kind>_<yyyyMMddHHmmss>_<report>.<ext>}, SPEC F3)
 * @param mediaType e.g. {@code text/csv; charset=windows-1252}, {@code application/json}
 */
public record ReportFile(Path path, String fileName, String mediaType) {
}
