package io.strom.webrtc.internal.dtls;

import java.util.Arrays;

/**
 * The outcome of a DTLS-SRTP handshake on the server side: the selected protection profile and
 * the SRTP master keys and salts of both directions.
 *
 * <p>"Local" is what this server protects its outgoing SRTP with (the server write key and
 * salt), "remote" what it unprotects the peer's SRTP with (the client write key and salt).
 * Accessors return copies, so a consumer cannot corrupt another's view of the keys.
 */
public final class DtlsResult {
    private final SrtpProfile profile;
    private final byte[] localKey;
    private final byte[] localSalt;
    private final byte[] remoteKey;
    private final byte[] remoteSalt;

    private DtlsResult(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey,
            byte[] remoteSalt) {
        this.profile = profile;
        this.localKey = localKey;
        this.localSalt = localSalt;
        this.remoteKey = remoteKey;
        this.remoteSalt = remoteSalt;
    }

    /**
     * Splits exported keying material in the order of RFC 5764 section 4.2: client_write_key,
     * server_write_key, client_write_salt, server_write_salt.
     *
     * @throws IllegalArgumentException if the material's length does not fit the profile
     */
    static DtlsResult forServer(SrtpProfile profile, byte[] material) {
        int k = profile.keyLength();
        int s = profile.saltLength();
        if (material.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException("keying material of " + material.length
                    + " bytes, " + profile + " needs " + profile.keyingMaterialLength());
        }
        byte[] clientKey = Arrays.copyOfRange(material, 0, k);
        byte[] serverKey = Arrays.copyOfRange(material, k, 2 * k);
        byte[] clientSalt = Arrays.copyOfRange(material, 2 * k, 2 * k + s);
        byte[] serverSalt = Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
        return new DtlsResult(profile, serverKey, serverSalt, clientKey, clientSalt);
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** The DTLS-SRTP profile id, as the {@code SrtpCipherSuite} services are keyed. */
    public int profileId() {
        return profile.id();
    }

    public byte[] localKey() {
        return localKey.clone();
    }

    public byte[] localSalt() {
        return localSalt.clone();
    }

    public byte[] remoteKey() {
        return remoteKey.clone();
    }

    public byte[] remoteSalt() {
        return remoteSalt.clone();
    }

    /** Names the profile only: keys never go to logs. */
    @Override
    public String toString() {
        return "DtlsResult[" + profile + "]";
    }
}
