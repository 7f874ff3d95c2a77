package org.metergate.report.delivery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.metergate.GatewayIdentity;
import org.metergate.report.ReportFile;

/** Sends a report through a destination the way the report route does: process(prepare) then toD(uri). */
final class Deliver {

    static final GatewayIdentity IDENTITY = new GatewayIdentity("0016031801", "gw.example", Path.of("data"),
            Instant.parse("2026-01-01T00:00:00Z"));

    private Deliver() {}

    /** A report file whose modification time is a fixed instant in the past (for "preserve timestamp"). */
    static ReportFile report(Path dir, String name, String mediaType, byte[] content, Instant modified) throws IOException {
        Path p = dir.resolve("render-" + name);
        Files.write(p, content);
        Files.setLastModifiedTime(p, FileTime.from(modified));
        return new ReportFile(p, name, mediaType);
    }

    static byte[] csv(int rows) {
        StringBuilder b = new StringBuilder("meter;quantity;unit;value\r\n");
        for (int i = 0; i < rows; i++) {
            b.append(i).append(";energy;kWh;").append(1000 + i).append(",5\r\n");
        }
        b.append("end;ÅÄÖ\r\n");
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Delivers; returns null on success or the exception the endpoint raised. */
    static Exception send(Destination d, ReportFile file, ReportTrust trust) throws Exception {
        return send(d, file, trust, 0);
    }

    /** With Camel redelivery of the failed step, as the report route does (SPEC F7). */
    static Exception send(Destination d, ReportFile file, ReportTrust trust, int redeliveries) throws Exception {
        try (CamelContext ctx = new DefaultCamelContext()) {
            trust.bindTo(ctx);
            ctx.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    errorHandler(defaultErrorHandler().maximumRedeliveries(redeliveries).redeliveryDelay(0));
                    from("direct:report").routeId("report-test")
                            .process(e -> d.prepare(e, e.getProperty("reportFile", ReportFile.class)))
                            .toD(d.endpointUri());
                }
            });
            ctx.start();
            Exchange result = ctx.createProducerTemplate().send("direct:report", ex -> {
                ex.setProperty("reportFile", file);
                // what a report triggered over the REST API may carry along
                ex.getIn().setHeader("Authorization", "Basic YWRtaW46c2VjcmV0");
                ex.getIn().setHeader("CamelHttpUri", "http://127.0.0.1:1/elsewhere");
                ex.getIn().setBody("not the report");
            });
            return result.getException();
        }
    }

    static void deliver(Destination d, ReportFile file, ReportTrust trust) throws Exception {
        Exception e = send(d, file, trust);
        if (e != null) {
            throw new AssertionError("delivery to " + d.describe() + " failed: " + e, e);
        }
    }

    static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(" | ");
        }
        return b.toString();
    }
}
