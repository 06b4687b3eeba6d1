package io.strom.bench.whep;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The reader's DTLS identity: a self-signed ECDSA P-256 certificate, as a browser generates per
 * peer connection. One is shared by all readers of the process (generation costs a few ms and
 * says nothing about the server); its SHA-256 fingerprint goes into every offer.
 */
final class DtlsIdentity {
    final BcTlsCrypto crypto;
    final AsymmetricKeyParameter privateKey;
    final Certificate certificate;
    final String fingerprint;

    DtlsIdentity() throws GeneralSecurityException, IOException {
        crypto = new BcTlsCrypto(new SecureRandom());
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        long now = System.currentTimeMillis();
        X500Name name = new X500Name("CN=whep-load");
        byte[] der;
        try {
            der = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now), new Date(now - 86_400_000L),
                    new Date(now + 30 * 86_400_000L), name, pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())).getEncoded();
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
        privateKey = PrivateKeyFactory.createKey(pair.getPrivate().getEncoded());
        certificate = new Certificate(new TlsCertificate[] {crypto.createCertificate(der)});
        fingerprint = sha256Fingerprint(der);
    }

    /** {@code AB:CD:...}, the SDP form (RFC 8122). */
    static String sha256Fingerprint(byte[] der) throws GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(der);
        StringBuilder b = new StringBuilder(digest.length * 3);
        for (byte x : digest) {
            if (b.length() > 0) {
                b.append(':');
            }
            b.append(String.format("%02X", x & 0xFF));
        }
        return b.toString();
    }
}
