package io.looklook.payment.adapter.gateway.sandbox;

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
 * The sandbox's RSA keys, made at start-up: the "platform certificate" that signs notifications (its serial goes in
 * {@code Wechatpay-Serial}; our verifier looks it up, as a real adapter downloads WeChat's certificates), and the
 * "merchant key" that signs the client's prepay parameters. Notifications are signed when sent, so a restart with new
 * keys leaves no undeliverable notification behind.
 */
public final class SandboxKeys {

    private final KeyPair platform = generate();
    private final KeyPair merchant = generate();
    private final String platformSerial = HexFormat.of().withUpperCase().formatHex(randomBytes());

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
