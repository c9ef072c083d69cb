package io.looklook.payment.adapter.gateway.sandbox;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import org.springframework.r2dbc.core.DatabaseClient;

import io.looklook.payment.adapter.gateway.WechatPayCrypto;
import io.looklook.payment.adapter.gateway.WechatPayMessages;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The sandbox's RSA keys, made by the first instance and shared by all through the database (see {@link #shared}): the "platform certificate" that signs notifications (its serial goes in
 * {@code Wechatpay-Serial}; our verifier looks it up, as a real adapter downloads WeChat's certificates), and the
 * "merchant key" that signs the client's prepay parameters. Notifications are signed when sent, so a restart with new
 * keys leaves no undeliverable notification behind.
 */
public final class SandboxKeys {

    private final KeyPair platform;
    private final KeyPair merchant;
    private final String platformSerial;

    SandboxKeys(KeyPair platform, KeyPair merchant, String platformSerial) {
        this.platform = platform;
        this.merchant = merchant;
        this.platformSerial = platformSerial;
    }

    /** New keys, for this process alone. */
    public static SandboxKeys generated() {
        return new SandboxKeys(generate(), generate(), HexFormat.of().withUpperCase().formatHex(randomBytes()));
    }

    /**
     * The keys every instance uses: the first instance to start stores the ones it made, the others read them. Read
     * once at start-up, on the starting thread (never an event loop).
     */
    static SandboxKeys shared(DatabaseClient db) {
        SandboxKeys mine = generated();
        Base64.Encoder base64 = Base64.getEncoder();
        return db.sql("INSERT IGNORE INTO sandbox_key (id, platform_serial, platform_private, platform_public, merchant_private, "
                        + "merchant_public) VALUES (1, :serial, :pPriv, :pPub, :mPriv, :mPub)")
                .bind("serial", mine.platformSerial)
                .bind("pPriv", base64.encodeToString(mine.platform.getPrivate().getEncoded()))
                .bind("pPub", base64.encodeToString(mine.platform.getPublic().getEncoded()))
                .bind("mPriv", base64.encodeToString(mine.merchant.getPrivate().getEncoded()))
                .bind("mPub", base64.encodeToString(mine.merchant.getPublic().getEncoded()))
                .fetch().rowsUpdated()
                .then(db.sql("SELECT * FROM sandbox_key WHERE id = 1").map(r -> new SandboxKeys(
                        keyPair(r.get("platform_private", String.class), r.get("platform_public", String.class)),
                        keyPair(r.get("merchant_private", String.class), r.get("merchant_public", String.class)),
                        r.get("platform_serial", String.class))).one())
                .block(Duration.ofSeconds(30));
    }

    private static KeyPair keyPair(String privateKey, String publicKey) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            Base64.Decoder base64 = Base64.getDecoder();
            return new KeyPair(rsa.generatePublic(new X509EncodedKeySpec(base64.decode(publicKey))),
                    rsa.generatePrivate(new PKCS8EncodedKeySpec(base64.decode(privateKey))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the sandbox's stored keys do not decode", e);
        }
    }

    public KeyPair platform() {
        return platform;
    }

    public KeyPair merchant() {
        return merchant;
    }

    public String platformSerial() {
        return platformSerial;
    }

    /** The platform public key for {@code serial}, or null for any other serial. */
    public PublicKey platformKey(String serial) {
        return platformSerial.equals(serial) ? platform.getPublic() : null;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[20];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Headers of one delivery attempt of {@code body}: signed at {@code now}, as each of WeChat's retries is. */
    public Map<String, String> signedHeaders(String body, Instant now) {
        String timestamp = Long.toString(now.getEpochSecond());
        String nonce = WechatPayCrypto.nonce(32);
        return Map.of(WechatPayMessages.TIMESTAMP, timestamp, WechatPayMessages.NONCE, nonce, WechatPayMessages.SERIAL, platformSerial,
                WechatPayMessages.SIGNATURE, WechatPayCrypto.sign(platform.getPrivate(), WechatPayCrypto.message(timestamp, nonce, body)));
    }
}
