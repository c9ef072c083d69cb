package io.looklook.payment.adapter.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeChat Pay v3's two primitives: SHA256-with-RSA signatures over newline-terminated lines, and the
 * AEAD_AES_256_GCM encryption of a notification's resource under the APIv3 key.
 */
public final class WechatPayCrypto {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private WechatPayCrypto() {
    }

    /** The v3 message: each part followed by a newline. */
    public static String message(String... lines) {
        StringBuilder message = new StringBuilder();
        for (String line : lines) {
            message.append(line).append('\n');
        }
        return message.toString();
    }

    public static String sign(PrivateKey key, String message) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign", e);
        }
    }

    public static boolean verify(PublicKey key, String message, String base64Signature) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(key);
            signature.update(message.getBytes(StandardCharsets.UTF_8));
            return signature.verify(Base64.getDecoder().decode(base64Signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public static String encrypt(String apiV3Key, String associatedData, String nonce, String plaintext) {
        try {
            Cipher cipher = gcm(Cipher.ENCRYPT_MODE, apiV3Key, associatedData, nonce);
            return Base64.getEncoder().encodeToString(cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt", e);
        }
    }

    /** The plaintext, or an exception if the ciphertext was not made with this key, nonce and associated data. */
    public static String decrypt(String apiV3Key, String associatedData, String nonce, String base64Ciphertext)
            throws GeneralSecurityException {
        Cipher cipher = gcm(Cipher.DECRYPT_MODE, apiV3Key, associatedData, nonce);
        try {
            return new String(cipher.doFinal(Base64.getDecoder().decode(base64Ciphertext)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw new GeneralSecurityException("ciphertext is not base64", notBase64);
        }
    }

    private static Cipher gcm(int mode, String apiV3Key, String associatedData, String nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(apiV3Key.getBytes(StandardCharsets.UTF_8), "AES"),
                new GCMParameterSpec(128, nonce.getBytes(StandardCharsets.UTF_8)));
        if (associatedData != null) {
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        }
        return cipher;
    }

    /** A random string of letters and digits, as v3 nonces are. */
    public static String nonce(int length) {
        StringBuilder nonce = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            nonce.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return nonce.toString();
    }
}
