package heartbeatchat.server;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Derives the public user id from the secret openid with HMAC-SHA256 under a server secret, so the
 * id cannot be turned back into the openid, and nobody without the secret can forge an id for an
 * openid they do not hold.
 */
public final class UserIds {
    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;
    /** A Mac is not thread-safe and costly to look up, so each thread keeps one, keyed once. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public UserIds(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the server secret needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** 22 characters of URL-safe base64: the first 128 bits of the HMAC. */
    public String userIdFor(String openid) {
        byte[] digest = macs.get().doFinal(openid.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
