package org.metergate.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;

/**
 * What a {@link GatewayModule} contributes: registry beans (visible to routes under routes/), route
 * builders, Camel properties, things to close on stop, hooks to run once Camel has started, and
 * services shared with later modules.
 */
public final class ModuleWiring {

    private final Map<String, Object> beans = new LinkedHashMap<>();
    private final List<RoutesBuilder> routes = new ArrayList<>();
    private final Properties properties = new Properties();
    private final List<AutoCloseable> closeables;
    private final List<Consumer<CamelContext>> afterStart = new ArrayList<>();
    private final Map<Class<?>, Object> shared = new HashMap<>();

    ModuleWiring(List<AutoCloseable> closeables) {
        this.closeables = closeables;
    }

    /** Binds a bean under a name routes can refer to ("#name"). */
    public void bind(String name, Object bean) {
        if (beans.putIfAbsent(name, bean) != null) {
            throw new IllegalStateException("bean '" + name + "' bound twice");
        }
    }

    public void addRoutes(RoutesBuilder builder) {
        routes.add(builder);
    }

    public void setProperty(String key, String value) {
        properties.setProperty(key, value);
    }

    /** Closed when the gateway stops, in reverse order of registration, after Camel has stopped. */
    public <T extends AutoCloseable> T closeOnStop(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    public void afterStart(Consumer<CamelContext> hook) {
        afterStart.add(hook);
    }

    /** Offers a service to the modules installed after this one. */
    public <T> void share(Class<T> type, T service) {
        if (shared.putIfAbsent(type, service) != null) {
            throw new IllegalStateException(type.getSimpleName() + " shared twice");
        }
    }

    /** A service an earlier module shared; fails loudly when the module order is wrong. */
    public <T> T require(Class<T> type) {
        Object service = shared.get(type);
        if (service == null) {
            throw new IllegalStateException(type.getSimpleName() + " is not available: install the module providing it first");
        }
        return type.cast(service);
    }

    Map<String, Object> beans() {
        return beans;
    }

    List<RoutesBuilder> routes() {
        return routes;
    }

    Properties properties() {
        return properties;
    }

    List<Consumer<CamelContext>> afterStartHooks() {
        return afterStart;
    }
}
