package org.keyrelay.relay;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS to upstreams: the JDK's trust store (plus a provider's extra CA file), the host name verified against the
 * certificate, SNI sent. One client context per CA file, built when first needed.
 */
public final class UpstreamTls {

    private final Map<Optional<Path>, SslContext> contexts = new ConcurrentHashMap<>();

    /** A handler for one new connection to {@code origin}. */
    public SslHandler handler(ByteBufAllocator alloc, UpstreamOrigin origin, Duration handshakeTimeout) {
        SslContext context = contexts.computeIfAbsent(Optional.ofNullable(origin.caFile()), UpstreamTls::context);
        // with the peer's host and port the JDK engine sends SNI for a host name
        SslHandler handler = context.newHandler(alloc, origin.host(), origin.port());
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        if (!handshakeTimeout.isZero()) {
            handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        }
        return handler;
    }

    private static SslContext context(Optional<Path> caFile) {
        try {
            return SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(trust(caFile.orElse(null)))
                    .build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("TLS to upstreams cannot be set up"
                    + caFile.map(f -> " with CA file " + f).orElse("") + ": " + e.getMessage(), e);
        }
    }

    /** The JDK's trust anchors, and those of {@code caFile} when given. */
    static TrustManagerFactory trust(Path caFile) throws IOException, GeneralSecurityException {
        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        if (caFile == null) {
            return jdk;
        }
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        int n = 0;
        for (TrustManager tm : jdk.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                for (X509Certificate c : x509.getAcceptedIssuers()) {
                    anchors.setCertificateEntry("jdk-" + n++, c);
                }
            }
        }
        for (Certificate c : certificates(caFile)) {
            anchors.setCertificateEntry("extra-" + n++, c);
        }
        TrustManagerFactory both = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        both.init(anchors);
        return both;
    }

    /**
     * The certificates of a PEM (or DER) file.
     *
     * @throws IOException when the file cannot be read or holds no certificate
     */
    public static List<Certificate> certificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (read.isEmpty()) {
                throw new IOException("no certificate in it");
            }
            return List.copyOf(read);
        } catch (java.security.cert.CertificateException e) {
            throw new IOException("not a PEM file of certificates (" + e.getMessage() + ")");
        }
    }
}
