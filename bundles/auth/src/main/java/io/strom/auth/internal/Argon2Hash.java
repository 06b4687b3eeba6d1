package io.strom.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * An Argon2 password hash in the PHC string format MediaMTX accepts after {@code argon2:}:
 * {@code $argon2id$v=19$m=KIB,t=PASSES,p=LANES$SALT$HASH} (also {@code argon2i} and
 * {@code argon2d}), salt and hash in base64 without padding. Verification recomputes the hash
 * with Bouncy Castle's generator; it costs {@code m} KiB of memory and real CPU time, so callers
 * keep it off event loops.
 *
 * <p>Limits, checked when the configuration is read: {@code m} from 8 to 4194304 KiB (4 GiB),
 * {@code t} from 1 to 100, {@code p} from 1 to 64, a hash of 4 to 1024 bytes.
 */
final class Argon2Hash {

    private final int type;
    private final int version;
    private final int memoryKib;
    private final int iterations;
    private final int lanes;
    private final byte[] salt;
    private final byte[] hash;

    private Argon2Hash(int type, int version, int memoryKib, int iterations, int lanes, byte[] salt, byte[] hash) {
        this.type = type;
        this.version = version;
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.lanes = lanes;
        this.salt = salt;
        this.hash = hash;
    }

    /** Parses a PHC string; the message says which part is wrong (and never echoes the hash). */
    static Argon2Hash parse(String phc) {
        String[] parts = phc.split("\\$", -1);
        if (parts.length != 6 || !parts[0].isEmpty()) {
            throw new IllegalArgumentException("an argon2 hash must look like $argon2id$v=19$m=..,t=..,p=..$SALT$HASH");
        }
        int type = switch (parts[1]) {
            case "argon2id" -> Argon2Parameters.ARGON2_id;
            case "argon2i" -> Argon2Parameters.ARGON2_i;
            case "argon2d" -> Argon2Parameters.ARGON2_d;
            default -> throw new IllegalArgumentException("unknown argon2 variant '" + parts[1] + "'");
        };
        int version = switch (parts[2]) {
            case "v=19" -> Argon2Parameters.ARGON2_VERSION_13;
            case "v=16" -> Argon2Parameters.ARGON2_VERSION_10;
            default -> throw new IllegalArgumentException("unknown argon2 version '" + parts[2] + "'");
        };
        int m = -1;
        int t = -1;
        int p = -1;
        for (String kv : parts[3].split(",")) {
            String[] pair = kv.split("=", 2);
            int value = pair.length == 2 && pair[1].matches("[0-9]{1,9}") ? Integer.parseInt(pair[1]) : -1;
            switch (pair[0]) {
                case "m" -> m = value;
                case "t" -> t = value;
                case "p" -> p = value;
                default -> throw new IllegalArgumentException("unknown argon2 parameter '" + pair[0] + "'");
            }
        }
        if (m < 8 || m > 4_194_304 || t < 1 || t > 100 || p < 1 || p > 64 || m < 8 * p) {
            throw new IllegalArgumentException("argon2 parameters must be m=8..4194304 (at least 8*p), t=1..100, p=1..64");
        }
        byte[] salt;
        byte[] hash;
        try { // Java's decoder takes base64 with or without its padding
            salt = Base64.getDecoder().decode(parts[4]);
            hash = Base64.getDecoder().decode(parts[5]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the argon2 salt or hash is not base64");
        }
        if (salt.length < 1 || hash.length < 4 || hash.length > 1024) {
            throw new IllegalArgumentException("the argon2 salt is empty or the hash is not 4 to 1024 bytes long");
        }
        return new Argon2Hash(type, version, m, t, p, salt, hash);
    }

    /** Whether {@code password} hashes to this hash, compared in constant time. */
    boolean matches(String password) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(type).withVersion(version).withMemoryAsKB(memoryKib)
                .withIterations(iterations).withParallelism(lanes).withSalt(salt).build());
        byte[] out = new byte[hash.length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return MessageDigest.isEqual(out, hash);
    }

    @Override
    public String toString() {
        return "Argon2Hash[...]";
    }
}
