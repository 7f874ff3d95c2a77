package org.metergate.report;

import java.nio.file.Path;
import org.metergate.admin.SystemLog;
import org.metergate.app.GatewayServices;
import org.metergate.config.GatewayConfig;
import org.metergate.meters.MeterRepository;
import org.metergate.store.ValueScan;

/** Builds the gateway's report renderer from its services (the report engine's module calls this). */
public final class ReportRendering {

    public static final String TEMPLATES_DIR = "metergate.templates.dir";

    private ReportRendering() {}

    /**
     * Templates from {@code metergate.templates.dir}, conventions and identity from
     * {@code metergate.report.*} (a bad setting is a {@link org.metergate.config.ConfigException} naming it),
     * values from the gateway's database, the log from its system log.
     */
    public static TemplateReportRenderer create(GatewayServices s) {
        GatewayConfig c = s.config();
        ReportIdentity identity = ReportIdentity.from(c, s.identity().serial(), s.identity().hostName(), s.identity().productName());
        MeterRepository meters = new MeterRepository(s.db());
        SystemLog log = s.systemLog();
        return new TemplateReportRenderer(new TemplateCatalog(Path.of(c.get(TEMPLATES_DIR, "templates")).toAbsolutePath().normalize()),
                ReportConventions.from(c), identity, new ValueScan(s.db()), meters::all, q -> {
                    log.flush(); // closed flood-control windows first, so the log report is complete
                    return log.open(q);
                });
    }
}
