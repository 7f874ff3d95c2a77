package org.metergate.report;

import freemarker.cache.FileTemplateLoader;
import freemarker.core.ParseException;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.SimpleHash;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Supplier;
import org.metergate.meters.Meter;
import org.metergate.report.render.FastWriter;
import org.metergate.report.render.Formats;
import org.metergate.report.render.ReportModel;
import org.metergate.report.render.ReportSources;
import org.metergate.report.render.Workbook;
import org.metergate.store.StoreException;
import org.metergate.store.ValueScan;

/**
 * Renders report templates (FreeMarker text templates; Excel workbooks through the template's
 * {@code <@row>} calls) to files: streamed from the database to a temporary file in the target
 * directory, moved to its final name only when complete, so a failed rendering leaves nothing behind.
 */
public final class TemplateReportRenderer implements ReportRenderer {

    private final TemplateCatalog catalog;
    private final ReportConventions conventions;
    private final ReportIdentity identity;
    private final ValueScan scan;
    private final Supplier<List<Meter>> meters;
    private final ReportSources.LogSource log;
    private final GatewaySetup setup;
    private final Configuration freemarker;

    public TemplateReportRenderer(TemplateCatalog catalog, ReportConventions conventions, ReportIdentity identity, ValueScan scan,
                                  Supplier<List<Meter>> meters, ReportSources.LogSource log) {
        this(catalog, conventions, identity, scan, meters, log, GatewaySetup.NONE);
    }

    /** @param setup buses and settings the installation report (x012) shows */
    public TemplateReportRenderer(TemplateCatalog catalog, ReportConventions conventions, ReportIdentity identity, ValueScan scan,
                                  Supplier<List<Meter>> meters, ReportSources.LogSource log, GatewaySetup setup) {
        this.setup = setup;
        this.catalog = catalog;
        this.conventions = conventions;
        this.identity = identity;
        this.scan = scan;
        this.meters = meters;
        this.log = log;
        this.freemarker = configuration(catalog.directory(), conventions);
    }

    private static Configuration configuration(Path dir, ReportConventions conventions) {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
        cfg.setDefaultEncoding("UTF-8"); // of the template files
        cfg.setLocale(conventions.language());
        cfg.setTimeZone(java.util.TimeZone.getTimeZone(conventions.zone()));
        cfg.setNumberFormat("c"); // numbers print as computers read them: no grouping, '.' (decimals have their own fields)
        cfg.setBooleanFormat("c");
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(false);
        cfg.setAPIBuiltinEnabled(false);
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER); // templates cannot create Java objects
        cfg.setTemplateUpdateDelayMilliseconds(1000); // an edited template is used by the next report
        return cfg;
    }

    /** The loader needs an existing directory; it may be created after the gateway started. */
    private synchronized void ensureLoader() throws ReportException {
        if (freemarker.getTemplateLoader() == null) {
            try {
                freemarker.setTemplateLoader(new FileTemplateLoader(catalog.directory().toFile()));
            } catch (IOException e) {
                throw new ReportException("cannot read templates directory " + catalog.directory() + ": " + e.getMessage(), e);
            }
        }
    }

    public TemplateCatalog catalog() {
        return catalog;
    }

    public ReportConventions conventions() {
        return conventions;
    }

    public ReportIdentity identity() {
        return identity;
    }

    @Override
    public ReportFile render(RenderRequest request, Path directory) throws ReportException {
        ReportTemplate t = catalog.resolve(request.template());
        Template template = load(t);
        String fileName = ReportFileNames.of(identity.productName(), t, request, conventions.zone());
        Path target = directory.resolve(fileName);
        Path tmp = null;
        try {
            Files.createDirectories(directory);
            tmp = Files.createTempFile(directory, "." + fileName + ".", ".part");
            try (ReportSources sources = new ReportSources(scan, meters, log, request.period(), request.interval(),
                    new Formats(conventions), setup)) {
                SimpleHash root = ReportModel.build(request, t, fileName, conventions, identity, sources);
                if (t.isWorkbook()) {
                    try (Workbook workbook = new Workbook()) {
                        workbook.bind(root);
                        template.process(root, Writer.nullWriter());
                        try (OutputStream out = Files.newOutputStream(tmp)) {
                            workbook.write(out);
                        }
                    }
                } else {
                    try (Writer out = new FastWriter(Files.newOutputStream(tmp), t.charset(conventions))) {
                        template.process(root, out);
                    }
                }
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            return new ReportFile(target, fileName, t.mediaType(conventions));
        } catch (TemplateException e) {
            throw new ReportException("template " + request.template() + ": " + where(e.getTemplateSourceName(), t,
                    e.getLineNumber(), e.getColumnNumber()) + ": " + firstLine(e.getMessageWithoutStackTop()), e);
        } catch (StoreException e) {
            throw new ReportException("template " + request.template() + " (" + t.fileName() + "): cannot read the data: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new ReportException("template " + request.template() + " (" + t.fileName() + "): cannot write "
                    + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a stray .part file is harmless and hidden
                }
            }
        }
    }

    private Template load(ReportTemplate t) throws ReportException {
        ensureLoader();
        try {
            return freemarker.getTemplate(t.fileName());
        } catch (ParseException e) {
            throw new ReportException("template file " + where(e.getTemplateName(), t, e.getLineNumber(), e.getColumnNumber())
                    + ": " + firstLine(e.getEditorMessage()), e);
        } catch (IOException e) {
            throw new ReportException("cannot read template file " + catalog.directory().resolve(t.fileName()) + ": " + e.getMessage(), e);
        }
    }

    private static String where(String source, ReportTemplate t, Integer line, Integer column) {
        String file = source == null ? t.fileName() : source;
        return file + (line == null ? "" : ", line " + line + (column == null ? "" : ", column " + column));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String m = message.strip();
        int tip = m.indexOf("\n----");
        m = (tip > 0 ? m.substring(0, tip) : m).strip().replaceAll("\\s*\\n\\s*", " ");
        return m.replaceAll("\\s*\\[in template \"[^\"]*\" at line \\d+, column \\d+]", ""); // said in front already
    }
}
