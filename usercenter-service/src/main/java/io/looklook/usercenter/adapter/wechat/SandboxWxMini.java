package io.looklook.usercenter.adapter.wechat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.looklook.usercenter.application.WxMiniCrypto;
import io.looklook.usercenter.application.WxMiniLogin;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local profile's stand-in for WeChat's mini-program login, the way payment-service has a sandbox pay gateway.
 * {@link #login} plays the phone: what {@code wx.login} and {@code getPhoneNumber} hand a mini-program (a one-time
 * code, and the phone number sealed under that code's session key, as WeChat seals it). {@link #code2Session} plays
 * WeChat's server: each code works once, for five minutes (as WeChat's).
 */
public class SandboxWxMini implements WxMiniLogin {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String appId;
    private final JsonMapper json;
    private final Cache<String, WxSession> codes = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(5))
            .maximumSize(100_000).build();

    public SandboxWxMini(String appId, JsonMapper json) {
        this.appId = appId;
        this.json = json;
    }

    /** What the mini-program would send to wxMiniAuth: {@code code}, {@code iv}, {@code encryptedData}. */
    public record SandboxLogin(String code, String iv, String encryptedData) {
    }

    public SandboxLogin login(String openid, String phoneNumber) {
        String code = random(24);
        String sessionKey = random(16);
        String iv = random(16);
        Map<String, Object> phone = Map.of("phoneNumber", phoneNumber, "purePhoneNumber", phoneNumber, "countryCode", "86",
                "watermark", Map.of("appid", appId, "timestamp", Instant.now().getEpochSecond()));
        String sealed = WxMiniCrypto.seal(sessionKey, iv, json.writeValueAsString(phone).getBytes(StandardCharsets.UTF_8));
        codes.put(code, new WxSession(openid, sessionKey));
        return new SandboxLogin(code, iv, sealed);
    }

    @Override
    public Mono<WxSession> code2Session(String code) {
        WxSession session = codes.asMap().remove(code);
        return session != null ? Mono.just(session)
                : Mono.error(new RefusedCodeException("the code is invalid or was used (errcode 40029)"));
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getEncoder().encodeToString(value);
    }
}
