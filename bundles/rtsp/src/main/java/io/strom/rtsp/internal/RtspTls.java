package io.strom.rtsp.internal;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import javax.net.ssl.SSLException;

/** The TLS context of the RTSPS listener, from PEM files (JDK provider, so no native code). */
final class RtspTls {

    private RtspTls() {
    }

    static SslContext serverContext(String certFile, String keyFile) {
        File cert = new File(certFile);
        File key = new File(keyFile);
        if (!cert.isFile()) {
            throw new IllegalArgumentException("rtspServerCert: '" + certFile + "' is not a readable file");
        }
        if (!key.isFile()) {
            throw new IllegalArgumentException("rtspServerKey: '" + keyFile + "' is not a readable file");
        }
        try {
            return SslContextBuilder.forServer(cert, key).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("rtspServerCert/rtspServerKey: cannot load a certificate and PKCS#8 key: "
                    + e.getMessage(), e);
        }
    }
}
