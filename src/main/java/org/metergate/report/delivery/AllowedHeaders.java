package org.metergate.report.delivery;

import org.apache.camel.support.DefaultHeaderFilterStrategy;

/**
 * Only the headers a destination sets itself leave the gateway: the report route's exchange may
 * carry headers of the request that triggered it (a test report via the REST API brings the
 * caller's {@code Authorization} and {@code Cookie}), and camel-http / camel-mail would otherwise
 * copy every header into the request or the e-mail. Endpoints use these via {@code #class:}; the
 * destination's prepare() replaces or removes each allowed header, so none passes through unchecked.
 */
public abstract class AllowedHeaders extends DefaultHeaderFilterStrategy {

    protected AllowedHeaders(String... allowed) {
        setFilterOnMatch(false);
        setLowerCase(true);
        setOutFilter(java.util.Set.of(java.util.Arrays.stream(allowed)
                .map(h -> h.toLowerCase(java.util.Locale.ROOT)).toArray(String[]::new)));
        // with no in-filter and filterOnMatch=false, no header of the server's answer is copied in either
    }

    /** HTTP POST of a report. */
    public static final class Http extends AllowedHeaders {
        public Http() {
            super("Content-Type", "Content-Disposition", "User-Agent", "Authorization");
        }
    }

    /** E-mail with the report attached. */
    public static final class Mail extends AllowedHeaders {
        public Mail() {
            super("Subject", "Content-Type", "X-Mailer");
        }
    }
}
