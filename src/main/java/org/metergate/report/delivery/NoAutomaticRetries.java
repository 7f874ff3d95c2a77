package org.metergate.report.delivery;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * HttpClient 5 repeats a request answered 503 or 429 on its own; the report route's redelivery rule
 * (SPEC F7) is the only retry, so the attempts it counts are the requests the head-end sees.
 */
public final class NoAutomaticRetries implements HttpClientConfigurer {

    @Override
    public void configureHttpClient(HttpClientBuilder clientBuilder) {
        clientBuilder.disableAutomaticRetries();
    }
}
