package io.strom.bench.whep;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Hashtable;
import java.util.Locale;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;

/**
 * A browser-like DTLS 1.2 client for one reader: ECDHE_ECDSA with AES-GCM, extended master
 * secret, {@code use_srtp} offering AEAD_AES_128_GCM then AES_CM_128_HMAC_SHA1_80 (or one of
 * them), the server certificate checked against the answer's fingerprint, and the SRTP keying
 * material exported (RFC 5764 4.2) when the handshake completes.
 */
final class DtlsClient extends DefaultTlsClient {
    private static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    };

    private final DtlsIdentity identity;
    private final int[] profiles;
    private final String expectedFingerprint;
    private final int handshakeTimeoutMillis;
    private volatile int selectedProfile = -1;
    private volatile byte[] keyingMaterial;

    /** @param answerFingerprint the answer's {@code a=fingerprint} value, e.g. {@code sha-256 AB:CD:...} */
    DtlsClient(DtlsIdentity identity, int[] profiles, String answerFingerprint, int handshakeTimeoutMillis) {
        super(identity.crypto);
        this.identity = identity;
        this.profiles = profiles.clone();
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        String[] parts = answerFingerprint.trim().split(" ");
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("sha-256")) {
            throw new IllegalArgumentException("answer fingerprint is not sha-256: " + answerFingerprint);
        }
        this.expectedFingerprint = parts[1].toUpperCase(Locale.ROOT);
    }

    int selectedProfile() {
        return selectedProfile;
    }

    /** client_write_key, server_write_key, client_write_salt, server_write_salt; null before completion. */
    byte[] keyingMaterial() {
        return keyingMaterial;
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
    public int getHandshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = super.getClientExtensions();
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(profiles, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData chosen = serverExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (chosen == null || chosen.getProtectionProfiles().length != 1) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server chose no single use_srtp profile");
        }
        int profile = chosen.getProtectionProfiles()[0];
        boolean offered = false;
        for (int p : profiles) {
            offered |= p == profile;
        }
        if (!offered) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server chose SRTP profile " + profile
                    + ", which was not offered");
        }
        selectedProfile = profile;
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                if (serverCertificate == null || serverCertificate.getCertificate().isEmpty()) {
                    throw new TlsFatalAlert(AlertDescription.bad_certificate, "server sent no certificate");
                }
                String actual;
                try {
                    actual = DtlsIdentity.sha256Fingerprint(serverCertificate.getCertificate().getCertificateAt(0).getEncoded());
                } catch (GeneralSecurityException e) {
                    throw new IOException(e);
                }
                if (!actual.equals(expectedFingerprint)) {
                    throw new TlsFatalAlert(AlertDescription.bad_certificate,
                            "server certificate does not match the answer's fingerprint");
                }
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) {
                return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), identity.crypto,
                        identity.privateKey, identity.certificate,
                        SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
            }
        };
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        int length = 2 * (SrtpCrypto.keyLength(selectedProfile) + SrtpCrypto.saltLength(selectedProfile));
        keyingMaterial = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, length);
    }

    /** The use_srtp profile IDs for {@code --srtp gcm|cm|both}. */
    static int[] profiles(String choice) {
        return switch (choice) {
            case "gcm" -> new int[] {SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM};
            case "cm" -> new int[] {SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80};
            case "both" -> new int[] {SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM,
                SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80};
            default -> throw new IllegalArgumentException("--srtp must be gcm, cm or both, not " + choice);
        };
    }
}
