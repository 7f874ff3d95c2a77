package org.metergate.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.metergate.admin.SystemLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the REST API route builders: each operation is a route "direct:api-..." (so it shows in
 * Hawtio with its own statistics) that checks access, runs the handler and writes JSON; every error
 * becomes a JSON body {"error", "detail"} with its status.
 */
public abstract class ApiRouteBuilder extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRouteBuilder.class);

    protected final RequestAuthenticator auth;
    protected final SystemLog systemLog;

    protected ApiRouteBuilder(RequestAuthenticator auth, SystemLog systemLog) {
        this.auth = auth;
        this.systemLog = systemLog;
    }

    @Override
    public final void configure() {
        onException(ApiException.class).handled(true)
                .process(e -> writeError(e, e.getProperty(Exchange.EXCEPTION_CAUGHT, ApiException.class)));
        onException(Exception.class).handled(true).process(e -> {
            Exception cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            LOG.error("API call failed", cause);
            systemLog.error("api", "Internal error in " + e.getFromRouteId() + ": " + cause);
            // The cause goes to the logs only: its text can carry SQL, file paths or other users' names.
            writeError(e, new ApiException(500, "internal error", "see the gateway's system log for details"));
        });
        api();
    }

    /** Declares the REST paths and their operations. */
    protected abstract void api();

    protected void operation(String routeId, Access access, ApiHandler handler) {
        from("direct:" + routeId).routeId(routeId).process(e -> {
            ApiRequest request = new ApiRequest(e);
            auth.check(request, access);
            write(e, handler.handle(request));
        });
    }

    private static void write(Exchange e, Object result) throws Exception {
        ApiResponse response = result instanceof ApiResponse r ? r
                : result == null ? new ApiResponse(204, null, null, Map.of()) : ApiResponse.json(200, result);
        e.getMessage().removeHeaders("*");
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, response.status());
        response.headers().forEach(e.getMessage()::setHeader);
        if (response.body() == null) {
            e.getMessage().setBody(null);
            return;
        }
        if ("application/json".equals(response.contentType())) {
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
            e.getMessage().setBody(Json.MAPPER.writeValueAsBytes(response.body()));
        } else {
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, response.contentType());
            Object body = response.body();
            e.getMessage().setBody(body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : body);
        }
    }

    static void writeError(Exchange e, ApiException error) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error.getMessage());
        if (error.detail() != null) {
            body.put("detail", error.detail());
        }
        ApiResponse response = ApiResponse.json(error.status(), body);
        if (error.status() == 401) {
            response = response.withHeader("WWW-Authenticate", "Basic realm=\"metergate\", charset=\"UTF-8\"");
        }
        write(e, response);
    }
}
