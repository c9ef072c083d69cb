package io.looklook.payment.adapter.gateway.wechat;

import com.wechat.pay.java.core.util.PemUtil;
import io.looklook.payment.adapter.gateway.CallbackUrls;
import io.looklook.payment.adapter.gateway.WechatPayProperties;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.function.Supplier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The real WeChat Pay v3 gateway: only with {@code looklook.payment.gateway=wechat}. */
@Configuration
@ConditionalOnProperty(name = "looklook.payment.gateway", havingValue = "wechat")
@EnableConfigurationProperties(WechatPayApiProperties.class)
class WechatPayConfig {

    @Bean
    WechatPayGateway wechatPayGateway(WechatPayProperties merchant, WechatPayApiProperties api, CallbackUrls callbacks,
                                      JsonMapper json, Clock clock) {
        // WeChat Pay calls back over the internet: the loopback default of the sandbox cannot be reached
        for (String[] url : new String[][] {{"notify-url", merchant.notifyUrl()}, {"refund-notify-url", merchant.refundNotifyUrl()}}) {
            if (url[1] == null || !url[1].startsWith("https://")) {
                throw new IllegalStateException("looklook.payment.gateway=wechat cannot start: looklook.payment.wechat." + url[0]
                        + " must be our public https:// callback URL, not " + url[1]);
            }
        }
        PrivateKey merchantKey = load("private-key", () -> api.privateKey() != null && !api.privateKey().isBlank()
                ? PemUtil.loadPrivateKeyFromString(api.privateKey()) : PemUtil.loadPrivateKeyFromPath(api.privateKeyPath()));
        PublicKey wechatPayKey = load("public-key", () -> api.publicKey() != null && !api.publicKey().isBlank()
                ? PemUtil.loadPublicKeyFromString(api.publicKey()) : PemUtil.loadPublicKeyFromPath(api.publicKeyPath()));
        return new WechatPayGateway(merchant, api, merchantKey, wechatPayKey, callbacks, json, clock);
    }

    private static <K> K load(String property, Supplier<K> key) {
        try {
            return key.get();
        } catch (RuntimeException e) {
            // the SDK's message may quote the key material: name the property, not the text
            throw new IllegalStateException("looklook.payment.gateway=wechat cannot start: looklook.payment.wechat." + property
                    + " (or " + property + "-path) is not a readable " + (property.equals("private-key")
                    ? "PKCS#8 PEM RSA private key (apiclient_key.pem)" : "PEM RSA public key (WeChat Pay's pub_key.pem)")
                    + ": " + e.getClass().getSimpleName());
        }
    }
}
