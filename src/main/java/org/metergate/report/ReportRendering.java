package org.metergate.report;

import java.nio.file.Path;
import org.metergate.GatewayIdentity;
import org.metergate.admin.SystemLog;
import org.metergate.config.GatewayConfig;
import org.metergate.meters.MeterRepository;
import org.metergate.store.Database;
import org.metergate.store.ValueScan;

/** Builds the gateway's report renderer from its configuration, database, log and identity (the report module calls this). */
public final class ReportRendering {

    public static final String TEMPLATES_DIR = "metergate.templates.dir";

    private ReportRendering() {}

    /**
     * Templates from {@code metergate.templates.dir}, conventions and identity from
     * {@code metergate.report.*} (a bad setting is a {@link org.metergate.config.ConfigException} naming it),
     * values from the gateway's database, the log from its system log.
     */
    public static TemplateReportRenderer create(GatewayConfig c, Database db, SystemLog log, GatewayIdentity gateway) {
        return create(c, db, log, gateway, GatewaySetup.NONE);
    }

    /** As above, with the buses and settings the installation report (x012) shows. */
    public static TemplateReportRenderer create(GatewayConfig c, Database db, SystemLog log, GatewayIdentity gateway,
                                                GatewaySetup setup) {
        MeterRepository meters = new MeterRepository(db);
        return new TemplateReportRenderer(new TemplateCatalog(Path.of(c.get(TEMPLATES_DIR, "templates")).toAbsolutePath().normalize()),
                ReportConventions.from(c), ReportIdentity.from(c, gateway), new ValueScan(db), meters::all, q -> {
                    log.flush(); // closed flood-control windows first, so the log report is complete
                    return log.open(q);
                }, setup);
    }
}
