package io.theeye.queue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys batches on a broker are signed with, HMAC-SHA256: the first signs, every one verifies, so that a key can be
 * replaced while API processes and workers run (give every process the new key second, then first, then drop the old
 * one).
 */
final class BatchKeys {

    /** The shortest key taken, in bytes of UTF-8: HMAC-SHA256's own output length, so the key is not the weak part. */
    static final int MIN_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";

    private final List<SecretKeySpec> keys = new ArrayList<>();

    BatchKeys(List<String> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no key to sign batches with");
        }
        for (String key : keys) {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_BYTES) {
                throw new IllegalArgumentException("a signing key is shorter than " + MIN_BYTES + " bytes");
            }
            this.keys.add(new SecretKeySpec(bytes, ALGORITHM));
        }
    }

    /** The signature of {@code content} with the first key. */
    byte[] sign(byte[] content) {
        Mac mac = mac(keys.getFirst());
        mac.update(content);
        return mac.doFinal();
    }

    /** Whether {@code signature} is that of the bytes of {@code content} from {@code offset} with any of the keys. */
    boolean verifies(byte[] content, int offset, int length, byte[] signature) {
        boolean verified = false;
        for (SecretKeySpec key : keys) {
            Mac mac = mac(key);
            mac.update(content, offset, length);
            // Constant time: how much of a forged signature is right must not show in how long it takes to refuse.
            verified |= MessageDigest.isEqual(mac.doFinal(), signature);
        }
        return verified;
    }

    /** A Mac per use: one is not safe to share between threads, and making one costs a microsecond or two. */
    private static Mac mac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
