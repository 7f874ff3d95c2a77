package org.metergate.web;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.metergate.Product;

/** The REST DSL's configuration: platform-http (Vert.x), handlers write JSON themselves, OpenAPI at /api/openapi.json. */
public final class RestSetup extends RouteBuilder {

    @Override
    public void configure() {
        restConfiguration()
                .component("platform-http")
                .bindingMode(RestBindingMode.off)
                .apiContextPath("/api/openapi.json")
                .apiContextRouteId("api-openapi")
                .apiProperty("api.title", "metergate API")
                .apiProperty("api.version", Product.version())
                .apiProperty("api.description", "REST API of the metergate M-Bus / wireless M-Bus gateway");
    }
}
