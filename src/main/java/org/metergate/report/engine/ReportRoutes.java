package org.metergate.report.engine;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * The Camel side of report delivery:
 * <ul>
 *   <li>the route template {@value #TEMPLATE}: one instance per report ({@code report-1} …
 *   {@code report-5}, {@code report-startup} …), consuming {@code direct:report-<key>}; its
 *   onException carries the report's redelivery rule (SPEC F7, parameters {@code maxRetries} and
 *   {@code delayMs}) with asynchronous delayed redelivery, so a waiting retry holds no thread, and
 *   its exhausted branch marks the outbox entry failed (the values go with the next report);</li>
 *   <li>{@code report-attempt}: one attempt (no error handler of its own, so a failure goes back to
 *   the report's route, which redelivers the whole attempt): start it in the outbox, render if needed,
 *   send to the destination's endpoint, mark delivered — or record the failure and rethrow;</li>
 *   <li>{@code report-cleanup}: deletes delivered files after the keep time.</li>
 * </ul>
 * After a delivery the exchange is also published on {@value #DELIVERED} for integrators' routes.
 */
public final class ReportRoutes extends RouteBuilder {

    public static final String TEMPLATE = "report";
    public static final String DELIVERED = "seda:report-delivered?multipleConsumers=true&waitForTaskToComplete=Never";

    private final ReportEngine engine;

    public ReportRoutes(ReportEngine engine) {
        this.engine = engine;
    }

    @Override
    public void configure() {
        routeTemplate(TEMPLATE)
                .templateParameter("key", null, "report key: 1..n, startup, installation, ondemand")
                .templateParameter("maxRetries", null, "retries after the first attempt (SPEC F7)")
                .templateParameter("delayMs", null, "pause before each retry, milliseconds")
                .from("direct:report-{{key}}")
                    .onException(Exception.class)
                        .maximumRedeliveries("{{maxRetries}}")
                        .redeliveryDelay("{{delayMs}}")
                        .asyncDelayedRedelivery()
                        .retryAttemptedLogLevel(LoggingLevel.INFO)
                        .retriesExhaustedLogLevel(LoggingLevel.WARN)
                        .handled(true)
                        .process(engine::exhausted)
                    .end()
                    .setProperty(ReportEngine.P_MAX_RETRIES, constant("{{maxRetries}}"))
                    .setProperty(ReportEngine.P_DELAY_MS, constant("{{delayMs}}"))
                    .to("direct:report-attempt");

        var attempt = from("direct:report-attempt").routeId("report-attempt")
                .errorHandler(noErrorHandler())
                .process(engine::beginAttempt)
                .filter(exchangeProperty(ReportEngine.P_SKIP).isEqualTo(true))
                    .stop()
                .end()
                .doTry();
        attempt.process(engine::prepareAttempt);
        // not optimised: the HTTP optimisation would rewrite the URI into headers the destination did not set
        attempt.toD().uri("${exchangeProperty." + ReportEngine.P_URI + "}").allowOptimisedComponents(false);
        attempt.process(engine::delivered)
                .to(DELIVERED)
                .doCatch(Exception.class)
                    .process(engine::attemptFailed)
                .end();

        from("timer:report-cleanup?period=3600000&delay=120000").routeId("report-cleanup")
                .process(e -> engine.cleanUp());
    }
}
