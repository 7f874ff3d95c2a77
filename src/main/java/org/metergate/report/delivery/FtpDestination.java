package org.metergate.report.delivery;

import java.util.Date;
import org.apache.camel.Exchange;
import org.metergate.report.ReportFile;

/**
 * Upload of the report file (SPEC F1) via camel-ftp: plain FTP, explicit or implicit FTPS, SFTP with
 * password or private key, into the target folder, optionally with the report's own modification
 * time ("preserve timestamp"). Each upload opens and closes its connection (reports are minutes to
 * days apart) and camel-ftp's own reconnect attempts are off: retries are the report route's
 * redelivery (SPEC F7), not hidden inside the endpoint.
 */
public final class FtpDestination implements Destination {

    private final FtpSettings settings;

    public FtpDestination(FtpSettings settings) {
        this.settings = settings;
    }

    public FtpSettings settings() {
        return settings;
    }

    /** The Camel scheme: camel-ftp's, extended to set the modification time after the upload. */
    String scheme() {
        return switch (settings.security()) {
            case PLAIN -> TimestampingFtp.FTP;
            case FTPS_EXPLICIT, FTPS_IMPLICIT -> TimestampingFtp.FTPS;
            case SFTP_PASSWORD, SFTP_KEY -> TimestampingFtp.SFTP;
        };
    }

    @Override
    public String endpointUri() {
        long timeout = Uris.millis(settings.timeoutSeconds());
        Uris.Query q = new Uris.Query()
                .put("disconnect", true)
                .put("maximumReconnectAttempts", 0)
                .put("connectTimeout", timeout)
                .put("soTimeout", timeout)
                .put("fileExist", "Override")
                .put("keepLastModified", settings.preserveTimestamp());
        if (!settings.username().isEmpty()) {
            q.putRaw("username", settings.username());
        }
        switch (settings.security()) {
            case PLAIN, FTPS_EXPLICIT, FTPS_IMPLICIT -> {
                q.put("binary", true).put("passiveMode", settings.passive()).put("timeout", timeout);
                if (!settings.password().isEmpty()) {
                    q.putRaw("password", settings.password());
                }
                if (settings.security().tls()) {
                    q.put("implicit", settings.security() == FtpSettings.Security.FTPS_IMPLICIT)
                            .put("sslContextParameters", "#" + ReportTrust.BEAN)
                            // commons-net checks the certificate chain only; this adds the host name check
                            .put("ftpClient.endpointCheckingEnabled", true);
                }
            }
            case SFTP_PASSWORD -> q.putRaw("password", settings.password())
                    .put("preferredAuthentications", "password,keyboard-interactive");
            case SFTP_KEY -> {
                q.putRaw("privateKeyFile", settings.privateKeyFile()).put("preferredAuthentications", "publickey");
                if (!settings.privateKeyPassphrase().isEmpty()) {
                    q.putRaw("privateKeyPassphrase", settings.privateKeyPassphrase());
                }
            }
        }
        if (settings.security().sftp()) {
            q.put("useUserKnownHostsFile", false);
            if (settings.knownHostsFile().isEmpty()) {
                q.put("strictHostKeyChecking", "no");
            } else {
                q.put("strictHostKeyChecking", "yes").putRaw("knownHostsFile", settings.knownHostsFile());
            }
        }
        return scheme() + "://" + settings.host() + ":" + settings.effectivePort() + "/" + settings.folder()
                + "?" + q.toQuery();
    }

    @Override
    public void prepare(Exchange exchange, ReportFile file) {
        var m = exchange.getMessage();
        m.removeHeaders("CamelFile*");
        m.setHeader(Exchange.FILE_NAME, file.fileName());
        m.setHeader(Exchange.FILE_LAST_MODIFIED, Date.from(DeliveryHeaders.modified(file)));
        m.setBody(file.path().toFile());
    }

    @Override
    public String describe() {
        String scheme = switch (settings.security()) {
            case PLAIN -> "ftp";
            case FTPS_EXPLICIT -> "ftps (explicit)";
            case FTPS_IMPLICIT -> "ftps (implicit)";
            case SFTP_PASSWORD -> "sftp (password)";
            case SFTP_KEY -> "sftp (key)";
        };
        String user = settings.username().isEmpty() ? "" : settings.username() + "@";
        return scheme + " " + user + settings.host() + ":" + settings.effectivePort() + "/" + settings.folder()
                + (settings.preserveTimestamp() ? ", preserving timestamps" : "");
    }

    @Override
    public String toString() {
        return "FtpDestination[" + describe() + "]";
    }
}
