package io.looklook.usercenter.adapter.wechat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.looklook.usercenter.application.WxMiniCrypto;
import io.looklook.usercenter.application.WxMiniLogin;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local profile's stand-in for WeChat's mini-program login, the way payment-service has a sandbox pay gateway.
 * {@link #login} plays the phone: what {@code wx.login} and {@code getPhoneNumber} hand a mini-program (a one-time
 * code, and the phone number sealed under that code's session key, as WeChat seals it). {@link #code2Session} plays
 * WeChat's server: each code works for five minutes, once (as WeChat's).
 * <p>A code carries its own session (the openid, its expiry and a nonce the session key derives from, signed with the
 * mini-program's secret), so any instance of the user center redeems a code another one handed out
 * ({@code infra/stack up --instances 2}). Once-only is kept per instance: a used code is remembered where it was used.
 */
public class SandboxWxMini implements WxMiniLogin {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Duration CODE_LIFETIME = Duration.ofMinutes(5);
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final String appId;
    private final SecretKeySpec secret;
    private final JsonMapper json;
    private final Cache<String, Boolean> used = Caffeine.newBuilder().expireAfterWrite(CODE_LIFETIME)
            .maximumSize(100_000).build();

    /** Without a secret (wx-mini.secret unset) codes are signed with a random one: only this instance redeems them. */
    public SandboxWxMini(String appId, String secret, JsonMapper json) {
        this.appId = appId;
        this.secret = new SecretKeySpec((secret != null && !secret.isEmpty() ? secret : random(32)).getBytes(StandardCharsets.UTF_8),
                "HmacSHA256");
        this.json = json;
    }

    /** What the mini-program would send to wxMiniAuth: {@code code}, {@code iv}, {@code encryptedData}. */
    public record SandboxLogin(String code, String iv, String encryptedData) {
    }

    public SandboxLogin login(String openid, String phoneNumber) {
        String nonce = random(16);
        String claims = URL.encodeToString((openid + "\n" + Instant.now().plus(CODE_LIFETIME).getEpochSecond() + "\n" + nonce)
                .getBytes(StandardCharsets.UTF_8));
        String code = claims + "." + URL.encodeToString(mac("code:" + claims));
        String sessionKey = sessionKey(nonce);
        String iv = random(16);
        Map<String, Object> phone = Map.of("phoneNumber", phoneNumber, "purePhoneNumber", phoneNumber, "countryCode", "86",
                "watermark", Map.of("appid", appId, "timestamp", Instant.now().getEpochSecond()));
        String sealed = WxMiniCrypto.seal(sessionKey, iv, json.writeValueAsString(phone).getBytes(StandardCharsets.UTF_8));
        return new SandboxLogin(code, iv, sealed);
    }

    @Override
    public Mono<WxSession> code2Session(String code) {
        WxSession session = redeem(code);
        return session != null ? Mono.just(session)
                : Mono.error(new RefusedCodeException("the code is invalid or was used (errcode 40029)"));
    }

    /** The code's session if it is ours, unexpired and not used here before; null otherwise. */
    private WxSession redeem(String code) {
        int dot = code.indexOf('.');
        if (dot < 0) {
            return null;
        }
        String claims = code.substring(0, dot);
        byte[] signature;
        String[] fields;
        try {
            signature = Base64.getUrlDecoder().decode(code.substring(dot + 1));
            fields = new String(Base64.getUrlDecoder().decode(claims), StandardCharsets.UTF_8).split("\n", -1);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        if (!MessageDigest.isEqual(signature, mac("code:" + claims)) || fields.length != 3
                || !fields[1].matches("\\d{1,12}") || Instant.now().getEpochSecond() > Long.parseLong(fields[1])
                || used.asMap().putIfAbsent(code, Boolean.TRUE) != null) {
            return null;
        }
        return new WxSession(fields[0], sessionKey(fields[2]));
    }

    private String sessionKey(String nonce) {
        return Base64.getEncoder().encodeToString(Arrays.copyOf(mac("session-key:" + nonce), 16));
    }

    private byte[] mac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getEncoder().encodeToString(value);
    }
}
