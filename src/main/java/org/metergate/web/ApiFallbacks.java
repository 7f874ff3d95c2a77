package org.metergate.web;

import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Vert.x answers unknown paths and wrong methods with an HTML page or an empty body; API clients
 * get the same JSON error shape as everywhere else instead.
 */
public final class ApiFallbacks {

    private ApiFallbacks() {}

    public static void install(CamelContext camel, int port) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camel, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            router = VertxPlatformHttpRouter.lookup(camel);
        }
        // The server's top router is private to Camel, so error handlers cannot be set there; a last
        // route on the platform router catches what no operation matched (unknown path or method).
        router.route("/api/*").last().handler(rc -> answer(rc, 404,
                "no such API operation: " + rc.request().method() + " " + rc.request().path()));
    }

    private static void answer(RoutingContext rc, int status, String error) {
        if (rc.response().ended()) {
            return;
        }
        try {
            rc.response().setStatusCode(status)
                    .putHeader("Content-Type", "application/json; charset=utf-8")
                    .end(Json.MAPPER.writeValueAsString(Map.of("error", error)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            rc.response().setStatusCode(status).end();
        }
    }
}
