package org.metergate.report.delivery;

import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.camel.Exchange;
import org.apache.camel.attachment.AttachmentMessage;
import org.metergate.GatewayIdentity;
import org.metergate.Product;
import org.metergate.report.ReportFile;

/**
 * E-mail with the report attached (SPEC F1) via camel-mail: SMTP, SMTP with required STARTTLS, or
 * SMTPS; to/cc/bcc comma lists; the subject and text name the report and the gateway.
 */
public final class MailDestination implements Destination {

    private final MailSettings settings;
    private final GatewayIdentity identity;

    public MailDestination(MailSettings settings, GatewayIdentity identity) {
        this.settings = settings;
        this.identity = identity;
    }

    public MailSettings settings() {
        return settings;
    }

    /** SPEC F11: the product name is the default sender. */
    public String from() {
        return settings.from().isEmpty() ? identity.productName() + "@" + identity.hostName() : settings.from();
    }

    @Override
    public String endpointUri() {
        boolean smtps = settings.security() == MailSettings.Security.SMTPS;
        String scheme = smtps ? "smtps" : "smtp";
        long timeout = Uris.millis(settings.timeoutSeconds());
        Uris.Query q = new Uris.Query()
                .putRaw("from", from())
                .put("connectionTimeout", timeout)
                .put("mail." + scheme + ".timeout", timeout)
                .put("mail." + scheme + ".writetimeout", timeout)
                .put("headerFilterStrategy", "#class:" + AllowedHeaders.Mail.class.getName());
        if (!settings.to().isEmpty()) {
            q.putRaw("to", String.join(",", settings.to()));
        }
        if (!settings.cc().isEmpty()) {
            q.putRaw("cc", String.join(",", settings.cc()));
        }
        if (!settings.bcc().isEmpty()) {
            q.putRaw("bcc", String.join(",", settings.bcc()));
        }
        if (!settings.username().isEmpty()) {
            q.putRaw("username", settings.username()).putRaw("password", settings.password());
            q.put("mail." + scheme + ".auth", true);
        }
        if (settings.security() == MailSettings.Security.STARTTLS) {
            // required: never fall back to plain text when the server does not offer STARTTLS
            q.put("mail.smtp.starttls.enable", true).put("mail.smtp.starttls.required", true);
        }
        if (settings.security() != MailSettings.Security.NONE) {
            q.put("mail." + scheme + ".ssl.checkserveridentity", true);
            q.put("sslContextParameters", "#" + ReportTrust.BEAN);
        }
        return scheme + "://" + settings.host() + ":" + settings.effectivePort() + "?" + q.toQuery();
    }

    @Override
    public void prepare(Exchange exchange, ReportFile file) {
        var m = exchange.getMessage();
        String created = DateTimeFormatter.ISO_INSTANT.format(
                DeliveryHeaders.modified(file).atOffset(ZoneOffset.UTC).withNano(0));
        // camel-mail takes recipients from these headers before the endpoint's: only the settings decide
        for (String h : new String[] {"To", "Cc", "Bcc", "From", "Reply-To", "Subject"}) {
            m.removeHeader(h);
        }
        m.setHeader("Subject", identity.productName() + ": report " + file.fileName());
        m.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=UTF-8");
        m.setHeader("X-Mailer", DeliveryHeaders.userAgent(identity));
        m.setBody("Report " + file.fileName() + " from " + identity.productName() + " is attached.\r\n\r\n"
                + "Gateway: " + Product.NAME + " " + Product.version() + ", serial " + identity.serial()
                + ", host " + identity.hostName() + "\r\n"
                + "Report created: " + created + "\r\n");
        AttachmentMessage am = exchange.getMessage(AttachmentMessage.class);
        // a redelivery or an earlier step must not leave a second copy attached
        for (String name : java.util.List.copyOf(am.getAttachmentNames())) {
            am.removeAttachment(name);
        }
        am.addAttachment(file.fileName(), new DataHandler(new TypedFileDataSource(file)));
    }

    @Override
    public String describe() {
        String scheme = switch (settings.security()) {
            case NONE -> "smtp";
            case STARTTLS -> "smtp+starttls";
            case SMTPS -> "smtps";
        };
        StringBuilder b = new StringBuilder("e-mail via ").append(scheme).append("://");
        if (!settings.username().isEmpty()) {
            b.append(settings.username()).append('@');
        }
        b.append(settings.host()).append(':').append(settings.effectivePort()).append(" to ")
                .append(String.join(",", settings.to()));
        if (!settings.cc().isEmpty()) {
            b.append(" cc ").append(String.join(",", settings.cc()));
        }
        if (!settings.bcc().isEmpty()) {
            b.append(" bcc ").append(String.join(",", settings.bcc()));
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "MailDestination[" + describe() + "]";
    }

    /** The attachment streams from the file with the report's own media type. */
    private static final class TypedFileDataSource extends FileDataSource {
        private final String mediaType;
        private final String name;

        TypedFileDataSource(ReportFile file) {
            super(file.path().toFile());
            this.mediaType = file.mediaType();
            this.name = file.fileName();
        }

        @Override
        public String getContentType() {
            return mediaType;
        }

        @Override
        public String getName() {
            return name;
        }
    }
}
