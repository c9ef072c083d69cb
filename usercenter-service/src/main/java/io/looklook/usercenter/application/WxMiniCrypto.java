package io.looklook.usercenter.application;

import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * WeChat's sealed user data ({@code getPhoneNumber}'s {@code encryptedData} + {@code iv}): AES-128-CBC with PKCS#7
 * padding under the session key, all three Base64. The plain text is JSON with a {@code watermark.appid} that must
 * be our mini-program's, or the data was made for another app.
 */
public final class WxMiniCrypto {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private WxMiniCrypto() {
    }

    /** The phone number sealed in {@code encryptedData}; {@link IllegalArgumentException} if it does not open or fit. */
    public static String phoneNumber(String sessionKey, String encryptedData, String iv, String appId) {
        JsonNode data = open(sessionKey, encryptedData, iv);
        String watermark = data.path("watermark").path("appid").asString("");
        if (!watermark.equals(appId)) {
            throw new IllegalArgumentException("the encrypted data was made for another mini-program");
        }
        String phone = data.path("purePhoneNumber").asString(data.path("phoneNumber").asString(""));
        if (phone.isEmpty()) {
            throw new IllegalArgumentException("the encrypted data holds no phone number");
        }
        return phone;
    }

    public static JsonNode open(String sessionKey, String encryptedData, String iv) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding"); // PKCS#5 here is PKCS#7 on 16-byte blocks
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(decode(sessionKey), "AES"), new IvParameterSpec(decode(iv)));
            return JSON.readTree(cipher.doFinal(decode(encryptedData)));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("the encrypted data does not open with this session: " + e.getClass().getSimpleName(), e);
        }
    }

    /** The other way, as WeChat seals (the sandbox and the tests). */
    public static String seal(String sessionKey, String iv, byte[] plain) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(decode(sessionKey), "AES"), new IvParameterSpec(decode(iv)));
            return Base64.getEncoder().encodeToString(cipher.doFinal(plain));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] decode(String base64) {
        return Base64.getDecoder().decode(base64);
    }
}
