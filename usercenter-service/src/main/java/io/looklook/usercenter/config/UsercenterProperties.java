package io.looklook.usercenter.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * @param signingKeys       a JWK set with the private RSA keys; the first signs (no default outside the local profile)
 * @param tokenTtl          a user's token lifetime
 * @param operatorTokenTtl  an operator's (admin scopes) token lifetime
 * @param trustedProxies    peers whose {@code X-Forwarded-For} names the client (the gateway); anyone else's is ignored
 */
@ConfigurationProperties("looklook.usercenter")
public record UsercenterProperties(Resource signingKeys, Duration tokenTtl, Duration operatorTokenTtl, Login login,
                                   WxMini wxMini, List<String> trustedProxies) {

    public UsercenterProperties {
        tokenTtl = tokenTtl == null ? Duration.ofDays(7) : tokenTtl;
        operatorTokenTtl = operatorTokenTtl == null ? Duration.ofHours(1) : operatorTokenTtl;
        login = login == null ? new Login(5, Duration.ofMinutes(15), 30, Duration.ofMinutes(1)) : login;
        wxMini = wxMini == null ? new WxMini(null, null, URI.create("https://api.weixin.qq.com"), false) : wxMini;
        trustedProxies = trustedProxies == null ? List.of("127.0.0.1", "0:0:0:0:0:0:0:1") : List.copyOf(trustedProxies);
    }

    public record Login(int failuresPerMobile, Duration mobileWindow, int attemptsPerAddress, Duration addressWindow) {
    }

    /**
     * @param sandbox  code2session answered by the local sandbox (local profile) instead of WeChat
     */
    public record WxMini(String appId, String secret, URI apiUrl, boolean sandbox) {
    }
}
