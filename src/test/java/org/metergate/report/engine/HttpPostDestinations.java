package org.metergate.report.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.metergate.report.Protocol;
import org.metergate.report.ReportException;
import org.metergate.report.ReportFile;
import org.metergate.report.delivery.Destination;

/**
 * The engine tests' destinations, until the real ones are merged: an HTTP POST through camel-http to
 * the URI in the report's recipients ({@code uri}) or the default given here.
 */
final class HttpPostDestinations implements DestinationFactory {

    private final String defaultUri;

    HttpPostDestinations(String defaultUri) {
        this.defaultUri = defaultUri;
    }

    @Override
    public List<FieldError> validate(Protocol protocol, Map<String, String> overrides, boolean complete) {
        List<FieldError> errors = new ArrayList<>();
        overrides.forEach((k, v) -> {
            if (!k.equals("uri")) {
                errors.add(new FieldError(k, "unknown recipient setting (only uri)"));
            } else if (!v.startsWith("http://")) {
                errors.add(new FieldError(k, "must be an http:// URI"));
            }
        });
        return errors;
    }

    @Override
    public Destination create(Protocol protocol, Map<String, String> overrides) throws ReportException {
        String uri = overrides.getOrDefault("uri", defaultUri);
        if (uri == null) {
            throw new ReportException("no HTTP recipient configured");
        }
        return new Destination() {
            @Override
            public String endpointUri() {
                return uri;
            }

            @Override
            public void prepare(Exchange exchange, ReportFile file) {
                try {
                    exchange.getMessage().setBody(Files.readAllBytes(file.path()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
                exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, file.mediaType());
                exchange.getMessage().setHeader("X-Report-File", file.fileName());
            }

            @Override
            public String describe() {
                return uri;
            }
        };
    }
}
