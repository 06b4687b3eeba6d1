package io.strom.webrtc.internal.dtls;

import java.io.IOException;
import java.util.Hashtable;
import java.util.concurrent.CountDownLatch;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;

/**
 * The browser's side of the handshake on Bouncy Castle's own DTLS client: a self-signed
 * certificate, {@code use_srtp} with the given offer (or none), and what it saw of the server.
 */
final class BrowserLikeClient extends DefaultTlsClient {
    private final DtlsCertificate certificate;
    private final int[] offeredProfiles;
    final CountDownLatch closeNotifyReceived = new CountDownLatch(1);
    volatile byte[] serverCertificate;
    volatile int selectedProfile = -1;

    /** @param offeredProfiles the {@code use_srtp} offer, or null to send no such extension */
    BrowserLikeClient(DtlsCertificate certificate, int[] offeredProfiles) {
        super(certificate.crypto());
        this.certificate = certificate;
        this.offeredProfiles = offeredProfiles;
    }

    /** The keying material as the client exported it for the selected profile. */
    volatile byte[] keyingMaterial;

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        int length = SrtpProfile.forId(selectedProfile).keyingMaterialLength();
        keyingMaterial = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, length);
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), new int[] {
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        });
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
        if (offeredProfiles != null) {
            TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(offeredProfiles, TlsUtils.EMPTY_BYTES));
        }
        return extensions;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData answer = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (answer != null && answer.getProtectionProfiles().length == 1) {
            selectedProfile = answer.getProtectionProfiles()[0];
        }
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        if (alertDescription == AlertDescription.close_notify) {
            closeNotifyReceived.countDown();
        }
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate server) throws IOException {
                serverCertificate = server.getCertificate().getCertificateAt(0).getEncoded();
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) {
                return certificate.signer(new TlsCryptoParameters(context));
            }
        };
    }
}
