package io.strom.webrtc.internal.dtls;

import java.io.IOException;
import java.util.Hashtable;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handshake policy of a WebRTC DTLS server, as Bouncy Castle asks for it: DTLS 1.2 only,
 * ECDHE_ECDSA with AEAD ciphers, extended master secret required (RFC 5705 export needs it), a
 * client certificate required and checked against the SDP fingerprint, and one {@code use_srtp}
 * profile chosen in our preference order.
 *
 * <p>One instance serves one handshake. A refusal is recorded in {@link #failureReason()} before
 * the fatal alert is thrown, so the owner can report why in words rather than as an alert code.
 */
final class SrtpTlsServer extends DefaultTlsServer {
    private static final Logger LOG = LoggerFactory.getLogger(SrtpTlsServer.class);

    /** Preference order; anything Bouncy Castle's crypto lacks is filtered out at run time. */
    private static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    };

    private final DtlsCertificate certificate;
    private final int[] allowedProfiles;
    private final DtlsFingerprint peerFingerprint;
    private final int handshakeTimeoutMillis;
    private volatile String failureReason;
    private volatile SrtpProfile selectedProfile;
    private volatile boolean peerClosed;
    private volatile DtlsResult result;

    SrtpTlsServer(DtlsCertificate certificate, int[] allowedProfiles, DtlsFingerprint peerFingerprint,
            int handshakeTimeoutMillis) {
        super(certificate.crypto());
        this.certificate = certificate;
        this.allowedProfiles = allowedProfiles.clone();
        this.peerFingerprint = peerFingerprint;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    /** Why this server refused the handshake, or null if it did not (yet). */
    String failureReason() {
        return failureReason;
    }

    /** Whether the peer sent close_notify. */
    boolean peerClosed() {
        return peerClosed;
    }

    /** The SRTP keys, once the handshake completed; null before. */
    DtlsResult result() {
        return result;
    }

    /**
     * Exports the SRTP keys (RFC 5764 section 4.2) here because Bouncy Castle allows the export
     * only from this callback.
     */
    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        SrtpProfile profile = selectedProfile;
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
                profile.keyingMaterialLength());
        result = DtlsResult.forServer(profile, material);
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), CIPHER_SUITES);
    }

    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() {
        return certificate.signer(new TlsCryptoParameters(context));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offer = clientExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offer == null) {
            throw refuse(AlertDescription.handshake_failure, "peer offered no use_srtp extension");
        }
        SrtpProfile chosen = choose(offer.getProtectionProfiles());
        if (chosen == null) {
            throw refuse(AlertDescription.handshake_failure, "no SRTP profile in common (offered: "
                    + SrtpProfile.describe(offer.getProtectionProfiles()) + ", allowed: "
                    + SrtpProfile.describe(allowedProfiles) + ")");
        }
        selectedProfile = chosen;
    }

    /**
     * Adds our {@code use_srtp} answer. The MKI is empty: RFC 5764 4.1.3 lets the server decline
     * the client's MKI that way, and SRTP then runs without one, as every browser expects.
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        TlsSRTPUtils.addUseSRTPExtension(extensions,
                new UseSRTPData(new int[] {selectedProfile.id()}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    /** Asks for the browser's self-signed certificate; ECDSA is what browsers use, RSA is kept for other stacks. */
    @Override
    public CertificateRequest getCertificateRequest() {
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    /**
     * Authenticates the peer by the fingerprint from its SDP, the only trust WebRTC has (RFC 8827
     * section 6.5); there is no CA chain to check. Bouncy Castle then verifies the
     * CertificateVerify signature, which proves the peer holds this certificate's key.
     */
    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            throw refuse(AlertDescription.handshake_failure, "peer sent no certificate");
        }
        if (!peerFingerprint.matches(clientCertificate.getCertificateAt(0).getEncoded())) {
            throw refuse(AlertDescription.bad_certificate, "peer certificate does not match the "
                    + peerFingerprint.algorithm() + " fingerprint of its SDP offer");
        }
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        if (alertDescription == AlertDescription.close_notify) {
            peerClosed = true;
        }
        LOG.debug("DTLS alert received: {} {}", AlertLevel.getText(alertLevel),
                AlertDescription.getText(alertDescription));
    }

    @Override
    public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
        LOG.debug("DTLS alert sent: {} {} ({})", AlertLevel.getText(alertLevel),
                AlertDescription.getText(alertDescription), message);
    }

    private SrtpProfile choose(int[] offered) {
        for (int allowed : allowedProfiles) {
            for (int id : offered) {
                if (id == allowed) {
                    return SrtpProfile.forId(id);
                }
            }
        }
        return null;
    }

    private TlsFatalAlert refuse(short alert, String reason) {
        failureReason = reason;
        return new TlsFatalAlert(alert, reason);
    }
}
