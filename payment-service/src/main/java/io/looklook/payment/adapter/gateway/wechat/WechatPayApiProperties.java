package io.looklook.payment.adapter.gateway.wechat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the real WeChat Pay adapter needs beyond the merchant settings every gateway shares
 * ({@link io.looklook.payment.adapter.gateway.WechatPayProperties}, same prefix): our API certificate's serial number
 * and private key (requests are signed with it), and WeChat Pay's public key and its id ("WeChat Pay public key" mode:
 * answers and notifications are verified with it). None has a default: with {@code looklook.payment.gateway=wechat}
 * the service refuses to start until every one is set, from the environment or a secret store.
 *
 * @param merchantSerialNumber the serial number of our merchant API certificate ({@code serial_no} of each request)
 * @param privateKey           our API private key, PKCS#8 PEM ({@code apiclient_key.pem}'s text); or
 * @param privateKeyPath       the path of that PEM file
 * @param publicKeyId          WeChat Pay's public key id ({@code PUB_KEY_ID_...}), the {@code Wechatpay-Serial} it signs under
 * @param publicKey            WeChat Pay's public key, PEM ({@code pub_key.pem}'s text); or
 * @param publicKeyPath        the path of that PEM file
 * @param baseUrl              where WeChat Pay's API is reached instead of {@code https://api.mch.weixin.qq.com}
 *                             (scheme, host and port only): a test server, or an egress proxy
 * @param connectTimeout       default 2 s
 * @param readTimeout          default 10 s (a day's bill is the largest answer)
 */
@ConfigurationProperties("looklook.payment.wechat")
public record WechatPayApiProperties(String merchantSerialNumber, String privateKey, String privateKeyPath, String publicKeyId,
                                     String publicKey, String publicKeyPath, URI baseUrl, Duration connectTimeout,
                                     Duration readTimeout) {

    private static final String PREFIX = "looklook.payment.wechat.";

    public WechatPayApiProperties {
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(10) : readTimeout;
        List<String> problems = new ArrayList<>();
        if (blank(merchantSerialNumber)) {
            problems.add(PREFIX + "merchant-serial-number is not set");
        }
        oneOf(problems, privateKey, privateKeyPath, "private-key");
        if (blank(publicKeyId)) {
            problems.add(PREFIX + "public-key-id is not set");
        }
        oneOf(problems, publicKey, publicKeyPath, "public-key");
        if (baseUrl != null && (baseUrl.getScheme() == null || baseUrl.getHost() == null
                || (baseUrl.getPath() != null && !baseUrl.getPath().isEmpty() && !baseUrl.getPath().equals("/")))) {
            problems.add(PREFIX + "base-url must be scheme://host[:port], not " + baseUrl);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("looklook.payment.gateway=wechat cannot start: " + String.join("; ", problems)
                    + " (secrets come from the environment or a secret store; there are no defaults)");
        }
    }

    private static void oneOf(List<String> problems, String pem, String path, String name) {
        if (blank(pem) == blank(path)) {
            problems.add(blank(pem) ? PREFIX + name + " (PEM) or " + PREFIX + name + "-path is not set"
                    : "set only one of " + PREFIX + name + " and " + PREFIX + name + "-path");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** Secrets stay out of logs and error pages. */
    @Override
    public String toString() {
        return "WechatPayApiProperties[merchantSerialNumber=" + merchantSerialNumber + ", publicKeyId=" + publicKeyId
                + ", baseUrl=" + baseUrl + ", privateKey=" + (blank(privateKey) ? "path " + privateKeyPath : "(set)") + "]";
    }
}
