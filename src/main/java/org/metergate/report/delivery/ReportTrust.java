package org.metergate.report.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.metergate.config.ConfigException;
import org.metergate.config.GatewayConfig;

/**
 * The certificates outgoing report connections (SMTPS/STARTTLS, FTPS, HTTPS) trust: the JDK's trust
 * store plus an optional truststore of the installation ({@code metergate.report.truststore}), e.g.
 * the self-signed certificate of a head-end's FTPS server (the manual's "upload a TrustStore").
 * There is deliberately no "trust all": an unknown certificate is refused with a message naming it.
 * TLS endpoints refer to it as the registry bean {@value #BEAN}.
 */
public final class ReportTrust {

    public static final String BEAN = "reportTls";

    private final X509TrustManager trustManager;
    private final String describe;

    private ReportTrust(X509TrustManager trustManager, String describe) {
        this.trustManager = trustManager;
        this.describe = describe;
    }

    /** The JDK trust store alone. */
    public static ReportTrust jdkOnly() {
        return new ReportTrust(new CombinedTrustManager(jdkTrustManager(), Optional.empty(),
                "it is not trusted by the JDK trust store and no metergate.report.truststore is configured"),
                "the JDK trust store");
    }

    /** The JDK trust store plus the certificates in {@code store} (PKCS12 or JKS, detected from the file). */
    public static ReportTrust withStore(Path store, char[] password) {
        KeyStore ks;
        try {
            ks = KeyStore.getInstance(store.toFile(), password);
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("metergate.report.truststore: cannot read " + store + " (" + e.getMessage() + ")");
        }
        try {
            if (ks.size() == 0) {
                throw new ConfigException("metergate.report.truststore: " + store + " holds no certificate");
            }
        } catch (GeneralSecurityException e) {
            throw new ConfigException("metergate.report.truststore: " + store + ": " + e.getMessage());
        }
        String name = "it is trusted by neither the JDK trust store nor " + store;
        return new ReportTrust(new CombinedTrustManager(jdkTrustManager(), Optional.of(trustManagerOf(ks)), name),
                "the JDK trust store and " + store);
    }

    /** From {@code metergate.report.truststore} and {@code .truststore-password}; JDK only when unset. */
    public static ReportTrust fromConfig(GatewayConfig config) {
        Optional<String> path = config.find("metergate.report.truststore");
        if (path.isEmpty()) {
            return jdkOnly();
        }
        Path store = Path.of(path.get());
        if (!Files.isReadable(store)) {
            throw new ConfigException("metergate.report.truststore: file " + store.toAbsolutePath() + " not found or not readable");
        }
        return withStore(store, config.get("metergate.report.truststore-password", "").toCharArray());
    }

    public X509TrustManager trustManager() {
        return trustManager;
    }

    /** Camel's JSSE configuration using this trust (for the mail, ftps and http endpoints). */
    public SSLContextParameters sslContextParameters() {
        TrustManagersParameters tmp = new TrustManagersParameters();
        tmp.setTrustManager(trustManager);
        SSLContextParameters p = new SSLContextParameters();
        p.setTrustManagers(tmp);
        return p;
    }

    /** Makes {@code #reportTls} resolvable in this context (the gateway does it in DeliveryModule). */
    public void bindTo(CamelContext context) {
        context.getRegistry().bind(BEAN, SSLContextParameters.class, sslContextParameters());
    }

    @Override
    public String toString() {
        return "ReportTrust[" + describe + "]";
    }

    static X509TrustManager jdkTrustManager() {
        try {
            return trustManagerOf(null);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the JDK trust store cannot be loaded: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager trustManagerOf(KeyStore ks) {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(ks);
            for (TrustManager tm : f.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("no X509TrustManager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trusts what either manager trusts; the refusal names the certificate and both stores. */
    static final class CombinedTrustManager implements X509TrustManager {
        private final X509TrustManager jdk;
        private final Optional<X509TrustManager> extra;
        private final String stores;

        CombinedTrustManager(X509TrustManager jdk, Optional<X509TrustManager> extra, String stores) {
            this.jdk = jdk;
            this.extra = extra;
            this.stores = stores;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                jdk.checkServerTrusted(chain, authType);
                return;
            } catch (CertificateException jdkRefused) {
                if (extra.isPresent()) {
                    try {
                        extra.get().checkServerTrusted(chain, authType);
                        return;
                    } catch (CertificateException ignored) {
                        // fall through to the one clear message below
                    }
                }
                X509Certificate leaf = chain == null || chain.length == 0 ? null : chain[0];
                String who = leaf == null ? "(no certificate)"
                        : "'" + leaf.getSubjectX500Principal().getName() + "' issued by '"
                          + leaf.getIssuerX500Principal().getName() + "'";
                throw new CertificateException("untrusted server certificate " + who + ": " + stores
                        + " (add the certificate or its CA to metergate.report.truststore to trust it)", jdkRefused);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("report delivery does not accept client connections");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509Certificate[] a = jdk.getAcceptedIssuers();
            if (extra.isEmpty()) {
                return a;
            }
            X509Certificate[] b = extra.get().getAcceptedIssuers();
            X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }
}
