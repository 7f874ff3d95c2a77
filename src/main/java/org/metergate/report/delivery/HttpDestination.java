package org.metergate.report.delivery;

import java.io.File;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.metergate.GatewayIdentity;
import org.metergate.report.ReportFile;

/**
 * HTTP(S) POST of the report file (SPEC F1): Content-Type from the report, the file name in
 * Content-Disposition, a User-Agent naming product, version and serial. A non-2xx answer throws
 * (camel-http's HttpOperationFailedException), so the report route's redelivery takes over.
 * The URI holds no secret: the credentials travel only in the Authorization header, sent preemptively.
 */
public final class HttpDestination implements Destination {

    private final HttpSettings settings;
    private final String userAgent;

    public HttpDestination(HttpSettings settings, GatewayIdentity identity) {
        this.settings = settings;
        this.userAgent = DeliveryHeaders.userAgent(identity);
    }

    public HttpSettings settings() {
        return settings;
    }

    @Override
    public String endpointUri() {
        String target = settings.uri().toString();
        long timeout = Uris.millis(settings.timeoutSeconds());
        long response = settings.responseTimeout() ? timeout : 0;
        Uris.Query q = new Uris.Query()
                .put("httpMethod", "POST")
                .put("throwExceptionOnFailure", true)
                .put("followRedirects", false)
                // endpoint-level (httpClient./httpConnection. prefixed) so that toD's optimisation for
                // http keeps them on the endpoint instead of sending them on as query parameters
                .put("httpClient.connectTimeout", timeout)
                .put("httpClient.connectionRequestTimeout", timeout)
                .put("httpClient.responseTimeout", response)
                .put("httpConnection.soTimeout", response)
                .put("skipResponseHeaders", true)
                .put("httpClientConfigurer", "#class:" + NoAutomaticRetries.class.getName())
                .put("headerFilterStrategy", "#class:" + AllowedHeaders.Http.class.getName());
        if (target.toLowerCase(Locale.ROOT).startsWith("https:")) {
            q.put("sslContextParameters", "#" + ReportTrust.BEAN);
        }
        return target + (settings.uri().getRawQuery() == null ? "?" : "&") + q.toQuery();
    }

    @Override
    public void prepare(Exchange exchange, ReportFile file) {
        var m = exchange.getMessage();
        // control headers of an HTTP request that triggered the report would redirect the POST
        m.removeHeaders("CamelHttp*");
        m.setHeader(Exchange.HTTP_METHOD, "POST");
        m.setHeader(Exchange.CONTENT_TYPE, file.mediaType());
        m.setHeader("Content-Disposition", "attachment; filename=" + DeliveryHeaders.quoted(file.fileName()));
        m.setHeader("User-Agent", userAgent);
        // Basic auth as a header rather than authUsername/authPassword options: toD's optimisation for
        // http rebuilds the URI without RAW(), which breaks passwords holding '&', '%' or '+'. It
        // also replaces an Authorization header the triggering request may have brought along.
        if (settings.auth() == HttpSettings.Auth.BASIC) {
            String token = settings.username() + ":" + settings.password();
            m.setHeader("Authorization", "Basic " + java.util.Base64.getEncoder()
                    .encodeToString(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } else {
            m.removeHeader("Authorization");
        }
        File body = file.path().toFile();
        m.setBody(body);
    }

    @Override
    public String describe() {
        // reads well after "not delivered to …" in errors and the deliveries list
        String auth = settings.auth() == HttpSettings.Auth.BASIC ? ", basic auth as " + settings.username() : "";
        return settings.uri() + " (HTTP POST" + auth + ")";
    }

    @Override
    public String toString() {
        return "HttpDestination[" + describe() + "]";
    }
}
