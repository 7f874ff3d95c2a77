package org.metergate.report.delivery;

import org.apache.camel.Exchange;
import org.metergate.report.ReportFile;

/**
 * Where a report goes (SPEC F1): one implementation per protocol (e-mail, FTP/FTPS/SFTP, HTTP(S)).
 * The report route sends the exchange to {@link #endpointUri()} after {@link #prepare}; the Camel
 * endpoint does the transfer, so redelivery rules and Hawtio see it like any other endpoint.
 */
public interface Destination {

    /** The Camel endpoint URI (secrets as RAW(...)); never logged: use {@link #describe()}. */
    String endpointUri();

    /** Sets the body and headers the endpoint needs (file name, subject, attachment, User-Agent …). */
    void prepare(Exchange exchange, ReportFile file);

    /** For logs and the API: where it goes, without secrets, e.g. {@code sftp://meter@10.0.0.5:22/in}. */
    String describe();
}
