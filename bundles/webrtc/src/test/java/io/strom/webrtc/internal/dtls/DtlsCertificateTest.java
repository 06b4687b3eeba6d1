package io.strom.webrtc.internal.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.bc.BcECContentVerifierProviderBuilder;
import org.junit.jupiter.api.Test;

class DtlsCertificateTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final SecureRandom random = new SecureRandom();

    @Test
    void isASelfSignedP256CertificateValidFromYesterdayForThirtyDays() throws Exception {
        DtlsCertificate certificate = DtlsCertificate.generate(clock, random);
        X509CertificateHolder holder = new X509CertificateHolder(certificate.encoded());

        assertEquals("CN=strom", holder.getSubject().toString());
        assertEquals(holder.getSubject(), holder.getIssuer());
        assertEquals(X9ObjectIdentifiers.ecdsa_with_SHA256, holder.getSignatureAlgorithm().getAlgorithm());
        assertEquals(SECObjectIdentifiers.secp256r1,
                holder.getSubjectPublicKeyInfo().getAlgorithm().getParameters(),
                "a named curve, as browsers require");
        assertEquals(NOW.minus(1, ChronoUnit.DAYS), holder.getNotBefore().toInstant());
        assertEquals(NOW.plus(30, ChronoUnit.DAYS), holder.getNotAfter().toInstant());
        assertTrue(holder.getSerialNumber().signum() > 0);
        assertTrue(holder.isSignatureValid(new BcECContentVerifierProviderBuilder(
                new DefaultDigestAlgorithmIdentifierFinder()).build(holder)), "self-signature verifies");
    }

    @Test
    void fingerprintIsTheUppercaseSha256OfTheDer() throws Exception {
        DtlsCertificate certificate = DtlsCertificate.generate(clock, random);
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(certificate.encoded());
        String hex = String.format("%064X", new BigInteger(1, hash));

        assertEquals(hex.replaceAll("(..)(?!$)", "$1:"), certificate.fingerprintSha256());
    }

    @Test
    void everyGenerationHasItsOwnKeyAndSerial() throws Exception {
        X509CertificateHolder a = new X509CertificateHolder(DtlsCertificate.generate(clock, random).encoded());
        X509CertificateHolder b = new X509CertificateHolder(DtlsCertificate.generate(clock, random).encoded());
        assertNotEquals(a.getSerialNumber(), b.getSerialNumber());
        assertNotEquals(a.getSubjectPublicKeyInfo(), b.getSubjectPublicKeyInfo());
    }
}
