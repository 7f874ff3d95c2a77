package org.metergate.report.engine;

import java.util.List;
import java.util.Map;
import org.metergate.report.Protocol;
import org.metergate.report.ReportException;
import org.metergate.report.delivery.Destination;

/**
 * Makes the {@link Destination} of a report: the protocol's default recipients from the configuration
 * with the report's own recipients (SPEC F2) merged over them.
 */
public interface DestinationFactory {

    /**
     * Problems with a report's recipients override, each naming its key; empty if it is fine.
     *
     * @param complete also check that the override merged over the defaults makes a destination (for
     *                 an enabled report; a disabled one may be saved half configured)
     */
    List<FieldError> validate(Protocol protocol, Map<String, String> overrides, boolean complete);

    /** @throws ReportException when the merged settings do not make a destination (e.g. no recipient configured) */
    Destination create(Protocol protocol, Map<String, String> overrides) throws ReportException;
}
