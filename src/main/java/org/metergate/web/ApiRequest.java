package org.metergate.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.metergate.admin.AuthenticatedUser;

/**
 * One API call as a handler sees it. Headers, cookies and query parameters are read from the
 * HTTP request itself, never from Camel message headers, so a query parameter can never pose as a header.
 */
public final class ApiRequest {

    private final Exchange exchange;
    private final HttpServerRequest http;
    private AuthenticatedUser user;

    ApiRequest(Exchange exchange) {
        this.exchange = exchange;
        HttpMessage m = exchange.getIn(HttpMessage.class);
        this.http = m == null ? null : m.getRequest();
    }

    public Exchange exchange() {
        return exchange;
    }

    public AuthenticatedUser user() {
        return user;
    }

    void setUser(AuthenticatedUser user) {
        this.user = user;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(http == null ? exchange.getIn().getHeader(name, String.class) : http.getHeader(name));
    }

    public Optional<String> cookie(String name) {
        if (http == null) {
            return Optional.empty();
        }
        Cookie c = http.getCookie(name);
        return Optional.ofNullable(c == null ? null : c.getValue());
    }

    public String remoteAddress() {
        return http == null || http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
    }

    /**
     * A path parameter of the REST path, e.g. {username}. Taken from the request path matched against the
     * operation's path template, not from the Camel header of that name: platform-http also copies request
     * headers and query parameters into Camel headers, so "?username=x" or a "username:" header would
     * otherwise change (or garble) the user an operation acts on.
     */
    public String path(String name) {
        String v = http == null ? exchange.getIn().getHeader(name, String.class) : pathParameter(name);
        if (v == null || v.isEmpty()) {
            throw ApiException.badRequest("missing path parameter " + name);
        }
        return v;
    }

    private String pathParameter(String name) {
        String template = pathTemplate();
        if (template == null) {
            return null;
        }
        String[] expected = template.split("/", -1);
        String[] actual = http.path().split("/", -1);
        if (expected.length != actual.length) {
            return null;
        }
        for (int i = 0; i < expected.length; i++) {
            if (expected[i].equals("{" + name + "}")) {
                return java.net.URLDecoder.decode(actual[i].replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private String pathTemplate() {
        org.apache.camel.Endpoint from = exchange.getFromEndpoint();
        if (from instanceof org.apache.camel.component.platform.http.PlatformHttpEndpoint p) {
            return p.getPath();
        }
        if (from instanceof org.apache.camel.component.rest.RestEndpoint r) {
            String uri = r.getUriTemplate();
            return r.getPath() + (uri == null || uri.isEmpty() ? "" : (uri.startsWith("/") ? uri : "/" + uri));
        }
        return null;
    }

    public Optional<String> query(String name) {
        String v = http != null ? http.getParam(name) : exchange.getIn().getHeader(name, String.class);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public int queryInt(String name, int fallback, int min, int max) {
        Optional<String> v = query(name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n < min || n > max) {
                throw ApiException.badRequest("query parameter " + name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter " + name + " must be an integer, got '" + v.get() + "'");
        }
    }

    /** {@code true} or {@code false} (any case); anything else is a 400 naming the parameter. */
    public boolean queryBoolean(String name, boolean fallback) {
        return query(name).map(v -> {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw ApiException.badRequest("query parameter " + name + " must be true or false, got '" + v + "'");
            }
            return Boolean.parseBoolean(v);
        }).orElse(fallback);
    }

    /** An ISO-8601 instant (2026-11-25T10:00:00Z) or date (2026-11-25, meaning its start in UTC). */
    public Optional<Instant> queryInstant(String name) {
        Optional<String> v = query(name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Instant t;
        try {
            String s = v.get();
            t = s.length() == 10 ? java.time.LocalDate.parse(s).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                    : java.time.OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("query parameter " + name
                    + " must be an ISO-8601 date or date-time (e.g. 2026-11-25 or 2026-11-25T10:00:00Z), got '" + v.get() + "'");
        }
        // SQL TIMESTAMP (Derby) and java.sql.Timestamp cannot hold every Instant: out of range is the caller's error, not a 500.
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw ApiException.badRequest("query parameter " + name + " must lie between 0001-01-01 and 9999-12-31, got '"
                    + v.get() + "'");
        }
        return Optional.of(t);
    }

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /** True when the request carries a body (anything but whitespace). */
    public boolean hasBody() {
        String text = exchange.getIn().getBody(String.class);
        exchange.getIn().setBody(text); // a stream is read once: keep the text for body()
        return text != null && !text.isBlank();
    }

    /** The JSON body as the given type; malformed or unexpected JSON is a 400 that names the problem. */
    public <T> T body(Class<T> type) {
        Optional<String> contentType = header("Content-Type");
        if (contentType.isPresent() && !contentType.get().toLowerCase(java.util.Locale.ROOT).contains("json")) {
            throw new ApiException(415, "request body must be JSON",
                    "send Content-Type: application/json, got " + contentType.get());
        }
        String text = exchange.getIn().getBody(String.class);
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest("request body required (JSON)");
        }
        try {
            T value = Json.MAPPER.readValue(text, type);
            if (value == null) {
                throw ApiException.badRequest("request body must be a JSON object");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest("unknown field '" + e.getPropertyName() + "' in request body");
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ApiException(400, "malformed JSON body" + where, e.getOriginalMessage());
        }
    }
}
