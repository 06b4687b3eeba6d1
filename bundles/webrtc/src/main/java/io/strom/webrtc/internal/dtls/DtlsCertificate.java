package io.strom.webrtc.internal.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A self-signed ECDSA P-256 certificate for DTLS, generated once per bundle activation and shared
 * by every peer connection, as browsers do per {@code RTCPeerConnection} certificate.
 *
 * <p>WebRTC does not chain certificates to a CA: the peer trusts exactly the fingerprint we put
 * in the SDP answer, so the subject and validity only need to be well-formed. The validity
 * starts a day in the past to tolerate peers whose clocks run behind ours.
 *
 * <p>All crypto is Bouncy Castle's lightweight API ({@link BcTlsCrypto}) rather than
 * {@code JcaTlsCrypto}: the JCA route would need the BC provider registered with
 * {@code java.security.Security}, global state that a bundle must not own in a shared OSGi
 * framework and that outlives a bundle update; the lightweight API needs nothing registered.
 */
public final class DtlsCertificate {
    /** Subject and issuer of every certificate we generate. */
    static final String COMMON_NAME = "strom";
    private static final Duration BACKDATE = Duration.ofDays(1);
    private static final Duration LIFETIME = Duration.ofDays(30);
    private static final SignatureAndHashAlgorithm ECDSA_SHA256 =
            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    private final BcTlsCrypto crypto;
    private final AsymmetricKeyParameter privateKey;
    private final byte[] der;
    private final Certificate chain;
    private final DtlsFingerprint fingerprint;

    private DtlsCertificate(BcTlsCrypto crypto, AsymmetricKeyParameter privateKey, byte[] der)
            throws IOException {
        this.crypto = crypto;
        this.privateKey = privateKey;
        this.der = der;
        this.chain = new Certificate(new TlsCertificate[] {new BcTlsCertificate(crypto, der)});
        this.fingerprint = DtlsFingerprint.of("sha-256", der);
    }

    /**
     * Generates a key pair and a certificate valid from a day before {@code clock}'s now to 30 days
     * after it. Costs a P-256 key generation and one signature (a few milliseconds).
     */
    public static DtlsCertificate generate(Clock clock, SecureRandom random) {
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(
                ECNamedDomainParameters.lookup(SECObjectIdentifiers.secp256r1), random));
        AsymmetricCipherKeyPair keyPair = generator.generateKeyPair();

        Instant now = clock.instant();
        X500Name name = new X500Name("CN=" + COMMON_NAME);
        // Positive and non-zero as RFC 5280 4.1.2.2 requires; random so that two activations never
        // present the same issuer and serial with different keys.
        BigInteger serial = new BigInteger(63, random).add(BigInteger.ONE);
        try {
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name, serial,
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(LIFETIME)), name,
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keyPair.getPublic()));
            AlgorithmIdentifier signatureAlgorithm =
                    new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
            AlgorithmIdentifier digestAlgorithm =
                    new DefaultDigestAlgorithmIdentifierFinder().find(signatureAlgorithm);
            byte[] der = builder.build(new BcECContentSignerBuilder(signatureAlgorithm, digestAlgorithm)
                    .build(keyPair.getPrivate())).getEncoded();
            return new DtlsCertificate(new LeanBcTlsCrypto(random), keyPair.getPrivate(), der);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding the DTLS certificate failed", e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("no ECDSA signer in Bouncy Castle", e);
        }
    }

    /** The SHA-256 fingerprint for the SDP answer's {@code a=fingerprint:sha-256}. */
    public String fingerprintSha256() {
        return fingerprint.value();
    }

    /** The certificate, DER-encoded. */
    public byte[] encoded() {
        return der.clone();
    }

    /** The TLS crypto every DTLS connection using this certificate runs on. */
    BcTlsCrypto crypto() {
        return crypto;
    }

    /** Signing credentials for one connection (they are bound to its crypto parameters). */
    TlsCredentialedSigner signer(TlsCryptoParameters connection) {
        return new BcDefaultTlsCredentialedSigner(connection, crypto, privateKey, chain, ECDSA_SHA256);
    }
}
