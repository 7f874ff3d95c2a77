package org.metergate.report;

import java.nio.file.Path;

/** Renders a template to a file; the report engine delivers what it returns. */
public interface ReportRenderer {

    /**
     * @param directory where to write the file (created if missing)
     * @throws ReportException naming the template, and the line for a bad template
     */
    ReportFile render(RenderRequest request, Path directory) throws ReportException;
}
