package org.metergate.report.delivery;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.component.file.remote.FtpComponent;
import org.apache.camel.component.file.remote.FtpConfiguration;
import org.apache.camel.component.file.remote.FtpEndpoint;
import org.apache.camel.component.file.remote.FtpOperations;
import org.apache.camel.component.file.remote.FtpUtils;
import org.apache.camel.component.file.remote.FtpsComponent;
import org.apache.camel.component.file.remote.FtpsConfiguration;
import org.apache.camel.component.file.remote.FtpsEndpoint;
import org.apache.camel.component.file.remote.FtpsOperations;
import org.apache.camel.component.file.remote.RemoteFileComponent;
import org.apache.camel.component.file.remote.RemoteFileConfiguration;
import org.apache.camel.component.file.remote.RemoteFileOperations;
import org.apache.camel.component.file.remote.SftpComponent;
import org.apache.camel.component.file.remote.SftpConfiguration;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.component.file.remote.SftpOperations;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.util.StringHelper;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPSClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * camel-ftp with "preserve timestamp" for uploads (SPEC F1). camel-ftp documents
 * {@code keepLastModified} (take the time from the {@code CamelFileLastModified} header) but only the
 * file component applies it when writing; these components are camel-ftp's ftp, ftps and sftp with
 * that one addition: after a successful upload they set the remote file's modification time, with
 * MFMT on FTP/FTPS and SETSTAT on SFTP. Everything else (options, TLS, reconnects, logging) is
 * camel-ftp's. Found by Camel through META-INF/services/org/apache/camel/component/{@value #FTP} etc.
 */
public final class TimestampingFtp {

    public static final String FTP = "metergate-ftp";
    public static final String FTPS = "metergate-ftps";
    public static final String SFTP = "metergate-sftp";

    private static final Logger LOG = LoggerFactory.getLogger(TimestampingFtp.class);
    private static final DateTimeFormatter MFMT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private TimestampingFtp() {}

    /** The time to set, or null when the endpoint does not keep it or the exchange has none. */
    static Instant wanted(GenericFileEndpoint<?> endpoint, Exchange exchange) {
        if (!endpoint.isKeepLastModified()) {
            return null;
        }
        Object v = exchange.getIn().getHeader(Exchange.FILE_LAST_MODIFIED);
        if (v instanceof Date d) {
            return d.toInstant();
        }
        if (v instanceof Instant i) {
            return i;
        }
        if (v != null) {
            Long ms = exchange.getContext().getTypeConverter().convertTo(Long.class, exchange, v);
            return ms == null ? null : Instant.ofEpochMilli(ms);
        }
        return null;
    }

    /**
     * What every storeFile override does after camel-ftp's upload: when it went through and a time is
     * wanted, set that time with the protocol's own way. Answers {@code stored} unchanged.
     */
    static boolean stamped(boolean stored, GenericFileEndpoint<?> endpoint, Exchange exchange, Consumer<Instant> setTime) {
        Instant time = wanted(endpoint, exchange);
        if (stored && time != null) {
            setTime.accept(time);
        }
        return stored;
    }

    /** MFMT (RFC 3659 companion draft); a server without it keeps the upload time, with a warning. */
    static void setFtpTime(FTPClient client, String name, Instant time, String server) {
        try {
            if (!client.setModificationTime(name, MFMT.format(time))) {
                LOG.warn("{} did not set the modification time of {} (MFMT answered {}); the file keeps its upload time",
                        server, name, client.getReplyString() == null ? "nothing" : client.getReplyString().trim());
            }
        } catch (java.io.IOException e) {
            throw new GenericFileOperationFailedException("cannot set the modification time of " + name + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- ftp

    public static final class Ftp extends FtpComponent {
        // camel-ftp's generated configurers are looked up by component name; ours has another name
        private final PropertyConfigurer endpointConfigurer = new org.apache.camel.component.file.remote.FtpEndpointConfigurer();
        private final PropertyConfigurer componentConfigurer = new org.apache.camel.component.file.remote.FtpComponentConfigurer();

        @Override
        public PropertyConfigurer getEndpointPropertyConfigurer() {
            return endpointConfigurer;
        }

        @Override
        public PropertyConfigurer getComponentPropertyConfigurer() {
            return componentConfigurer;
        }

        @Override
        protected GenericFileEndpoint<FTPFile> buildFileEndpoint(String uri, String remaining, Map<String, Object> parameters)
                throws Exception {
            FtpConfiguration config = new FtpConfiguration(new URI(getBaseUri(uri)));
            config.setProtocol("ftp");
            FtpUtils.ensureRelativeFtpDirectory(this, config);
            FtpEndpoint<FTPFile> answer = new FtpTimestampEndpoint(uri, this, config);
            extractAndSetFtpClientConfigParameters(parameters, answer);
            extractAndSetFtpClientParameters(parameters, answer);
            return answer;
        }
    }

    static final class FtpTimestampEndpoint extends FtpEndpoint<FTPFile> {
        FtpTimestampEndpoint(String uri, RemoteFileComponent<FTPFile> component, FtpConfiguration config) {
            super(uri, component, config);
        }

        @Override
        public RemoteFileOperations<FTPFile> createRemoteFileOperations() throws Exception {
            FtpOperations base = (FtpOperations) super.createRemoteFileOperations();
            FtpOperations ops = new FtpOperations(base.getClient(), getFtpClientConfig()) {
                @Override
                public boolean storeFile(String name, Exchange exchange, long size) {
                    return stamped(super.storeFile(name, exchange, size), FtpTimestampEndpoint.this, exchange,
                            time -> setFtpTime(getClient(), name, time, getConfiguration().remoteServerInformation()));
                }
            };
            ops.setEndpoint(this);
            return ops;
        }
    }

    // ---------------------------------------------------------------- ftps

    public static final class Ftps extends FtpsComponent {
        // camel-ftp's generated configurers are looked up by component name; ours has another name
        private final PropertyConfigurer endpointConfigurer = new org.apache.camel.component.file.remote.FtpsEndpointConfigurer();
        private final PropertyConfigurer componentConfigurer = new org.apache.camel.component.file.remote.FtpsComponentConfigurer();

        @Override
        public PropertyConfigurer getEndpointPropertyConfigurer() {
            return endpointConfigurer;
        }

        @Override
        public PropertyConfigurer getComponentPropertyConfigurer() {
            return componentConfigurer;
        }

        @Override
        protected GenericFileEndpoint<FTPFile> buildFileEndpoint(String uri, String remaining, Map<String, Object> parameters)
                throws Exception {
            FtpsConfiguration config = new FtpsConfiguration(new URI(getBaseUri(uri)));
            config.setProtocol("ftps");
            FtpUtils.ensureRelativeFtpDirectory(this, config);
            FtpsTimestampEndpoint answer = new FtpsTimestampEndpoint(uri, this, config);
            extractAndSetFtpClientConfigParameters(parameters, answer);
            extractAndSetFtpClientParameters(parameters, answer);
            return answer;
        }
    }

    static final class FtpsTimestampEndpoint extends FtpsEndpoint {
        FtpsTimestampEndpoint(String uri, RemoteFileComponent<FTPFile> component, FtpsConfiguration config) {
            super(uri, component, config);
        }

        @Override
        public RemoteFileOperations<FTPFile> createRemoteFileOperations() throws Exception {
            FtpsOperations base = (FtpsOperations) super.createRemoteFileOperations();
            FtpsOperations ops = new FtpsOperations((FTPSClient) base.getClient(), getFtpClientConfig()) {
                @Override
                public boolean storeFile(String name, Exchange exchange, long size) {
                    return stamped(super.storeFile(name, exchange, size), FtpsTimestampEndpoint.this, exchange,
                            time -> setFtpTime(getClient(), name, time, getConfiguration().remoteServerInformation()));
                }
            };
            ops.setEndpoint(this);
            return ops;
        }
    }

    // ---------------------------------------------------------------- sftp

    public static final class Sftp extends SftpComponent {
        // camel-ftp's generated configurers are looked up by component name; ours has another name
        private final PropertyConfigurer endpointConfigurer = new org.apache.camel.component.file.remote.SftpEndpointConfigurer();
        private final PropertyConfigurer componentConfigurer = new org.apache.camel.component.file.remote.SftpComponentConfigurer();

        @Override
        public PropertyConfigurer getEndpointPropertyConfigurer() {
            return endpointConfigurer;
        }

        @Override
        public PropertyConfigurer getComponentPropertyConfigurer() {
            return componentConfigurer;
        }

        @Override
        protected GenericFileEndpoint<SftpRemoteFile> buildFileEndpoint(String uri, String remaining,
                Map<String, Object> parameters) throws Exception {
            String baseUri = StringHelper.before(uri, "?", uri);
            SftpConfiguration config = new SftpConfiguration(new URI(baseUri));
            config.setProtocol("sftp");
            FtpUtils.ensureRelativeFtpDirectory(this, config);
            return new SftpTimestampEndpoint(uri, this, config);
        }
    }

    static final class SftpTimestampEndpoint extends SftpEndpoint {
        SftpTimestampEndpoint(String uri, SftpComponent component, SftpConfiguration config) {
            super(uri, component, config);
        }

        @Override
        public RemoteFileOperations<SftpRemoteFile> createRemoteFileOperations() {
            SftpOperations ops = new SftpOperations(getProxy()) {
                private volatile Session session;

                @Override
                protected Session createSession(RemoteFileConfiguration configuration) throws JSchException {
                    session = super.createSession(configuration);
                    return session;
                }

                @Override
                public boolean storeFile(String name, Exchange exchange, long size) {
                    return stamped(super.storeFile(name, exchange, size), SftpTimestampEndpoint.this, exchange,
                            time -> setSftpTime(session, name, time, getConfiguration()));
                }
            };
            ops.setEndpoint(this);
            return ops;
        }

        /** A second channel on the same session: camel-ftp keeps its own channel to itself. */
        private static void setSftpTime(Session session, String name, Instant time, SftpConfiguration config) {
            if (session == null || !session.isConnected()) {
                LOG.warn("cannot set the modification time of {}: the SFTP session is gone; the file keeps its upload time", name);
                return;
            }
            ChannelSftp channel = null;
            try {
                channel = (ChannelSftp) session.openChannel("sftp");
                channel.connect(config.getConnectTimeout());
                // SFTP v3 carries seconds since 1970 as an unsigned 32-bit number; JSch takes an int
                channel.setMtime(name, (int) time.getEpochSecond());
            } catch (JSchException | SftpException e) {
                // the file is delivered; a server that refuses SETSTAT (object stores do) must not
                // turn that into a failure and an endless re-upload
                LOG.warn("{} did not set the modification time of {} ({}); the file keeps its upload time",
                        config.remoteServerInformation(), name, e.getMessage());
            } finally {
                if (channel != null) {
                    channel.disconnect();
                }
            }
        }
    }
}
