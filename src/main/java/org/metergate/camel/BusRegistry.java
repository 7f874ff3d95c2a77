package org.metergate.camel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.metergate.bus.BusOwner;

/**
 * The bus owners of a Camel context by bus id, so every endpoint naming the same bus shares its
 * single owner and queue (one owner per bus), however many routes use it.
 */
public final class BusRegistry implements AutoCloseable {

    private final Map<String, BusOwner> owners = new ConcurrentHashMap<>();

    public BusOwner getOrCreate(String busId, Supplier<BusOwner> factory) {
        return owners.computeIfAbsent(busId, id -> factory.get());
    }

    public java.util.Optional<BusOwner> find(String busId) {
        return java.util.Optional.ofNullable(owners.get(busId));
    }

    @Override
    public void close() {
        owners.values().forEach(BusOwner::close);
        owners.clear();
    }
}
