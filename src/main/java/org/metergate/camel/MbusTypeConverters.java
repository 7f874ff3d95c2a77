package org.metergate.camel;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.TypeConversionException;
import org.apache.camel.spi.TypeConverterRegistry;
import org.apache.camel.support.TypeConverterSupport;
import org.metergate.bus.ReadoutResult;

/**
 * Readouts as JSON text or as a Map, so a route can hand them to any endpoint (HTTP, Kafka, a file)
 * with {@code convertBodyTo} and no Java. Registered by the component when it starts.
 */
final class MbusTypeConverters {

    private MbusTypeConverters() {}

    static void register(TypeConverterRegistry registry) {
        registry.addTypeConverter(String.class, ReadoutResult.class, new ToJson());
        registry.addTypeConverter(Map.class, ReadoutResult.class, new ToMap());
    }

    private static final class ToJson extends TypeConverterSupport {
        @Override
        public <T> T convertTo(Class<T> type, Exchange exchange, Object value) throws TypeConversionException {
            try {
                return type.cast(TelegramJson.MAPPER.writeValueAsString(TelegramJson.readout((ReadoutResult) value)));
            } catch (JsonProcessingException e) {
                throw new TypeConversionException(value, type, e);
            }
        }
    }

    private static final class ToMap extends TypeConverterSupport {
        @Override
        public <T> T convertTo(Class<T> type, Exchange exchange, Object value) {
            return type.cast(TelegramJson.MAPPER.convertValue(TelegramJson.readout((ReadoutResult) value), Map.class));
        }
    }
}
