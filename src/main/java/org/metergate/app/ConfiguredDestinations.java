package org.metergate.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.metergate.GatewayIdentity;
import org.metergate.report.Protocol;
import org.metergate.report.ReportException;
import org.metergate.report.delivery.DeliveryDefaults;
import org.metergate.report.delivery.Destination;
import org.metergate.report.delivery.Destinations;
import org.metergate.report.delivery.InvalidSettingsException;
import org.metergate.report.engine.DestinationFactory;
import org.metergate.report.engine.FieldError;

/**
 * The report engine's destinations: the protocol's default recipients from the configuration
 * ({@link DeliveryDefaults}) with the report's override merged over them, made by {@link Destinations}.
 */
final class ConfiguredDestinations implements DestinationFactory {

    private final DeliveryDefaults defaults;
    private final GatewayIdentity identity;

    ConfiguredDestinations(DeliveryDefaults defaults, GatewayIdentity identity) {
        this.defaults = defaults;
        this.identity = identity;
    }

    @Override
    public List<FieldError> validate(Protocol protocol, Map<String, String> overrides, boolean complete) {
        List<FieldError> errors = new ArrayList<>();
        List<String> fields = Destinations.fields(protocol);
        overrides.keySet().stream().filter(k -> !fields.contains(k)).sorted().forEach(k -> errors.add(new FieldError(k,
                "not a " + protocol + " setting; one of " + String.join(", ", fields))));
        if (!errors.isEmpty() || !complete) {
            return errors;
        }
        try {
            Destinations.of(protocol, defaults.effective(protocol, overrides), identity);
        } catch (InvalidSettingsException e) {
            for (String problem : e.problems()) {
                int colon = problem.indexOf(':');
                String field = colon > 0 ? problem.substring(0, colon).trim() : "";
                int dot = field.indexOf('.');
                errors.add(new FieldError(dot >= 0 ? field.substring(dot + 1) : field,
                        colon > 0 ? problem.substring(colon + 1).trim() : problem));
            }
        }
        return errors;
    }

    @Override
    public Destination create(Protocol protocol, Map<String, String> overrides) throws ReportException {
        try {
            return Destinations.of(protocol, defaults.effective(protocol, overrides), identity);
        } catch (InvalidSettingsException e) {
            throw new ReportException("the " + protocol + " recipients are incomplete: " + e.getMessage(), e);
        }
    }
}
