package io.looklook.payment.adapter.gateway.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.payment.adapter.gateway.CallbackUrls;
import io.looklook.payment.adapter.gateway.WechatPayProperties;
import io.looklook.payment.application.PaymentGateway;
import java.security.KeyPairGenerator;
import java.time.Clock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code looklook.payment.gateway=wechat} starts only with every key it needs, and says which one is missing; the
 * service's own application.yml is loaded, so a working default sneaking in there would fail this too.
 */
class WechatPayConfigTest {

    private static String privateKeyPem;
    private static String publicKeyPem;

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(Merchant.class, WechatPayConfig.class)
            .withBean(JsonMapper.class, () -> JsonMapper.builder().build())
            .withBean(Clock.class, Clock::systemUTC)
            .withPropertyValues("looklook.payment.wechat.appid=wx-test-app", "looklook.payment.wechat.mchid=1230000109",
                    "looklook.payment.wechat.api-v3-key=test-only-apiv3-key-0123456789ab",
                    "looklook.payment.wechat.notify-url=https://looklook.example/pay",
                    "looklook.payment.wechat.refund-notify-url=https://looklook.example/refund");

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var pair = generator.generateKeyPair();
        privateKeyPem = FakeWechatPay.pem("PRIVATE KEY", pair.getPrivate().getEncoded());
        publicKeyPem = FakeWechatPay.publicPem(pair.getPublic());
    }

    @Test
    void withoutItsKeysTheWechatGatewayDoesNotStartAndSaysWhatIsMissing() {
        context.withPropertyValues("looklook.payment.gateway=wechat").run(started -> {
            assertThat(started).hasFailed();
            assertThat(rootCause(started.getStartupFailure())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("looklook.payment.gateway=wechat cannot start")
                    .hasMessageContaining("looklook.payment.wechat.merchant-serial-number is not set")
                    .hasMessageContaining("looklook.payment.wechat.private-key (PEM) or looklook.payment.wechat.private-key-path is not set")
                    .hasMessageContaining("looklook.payment.wechat.public-key-id is not set")
                    .hasMessageContaining("looklook.payment.wechat.public-key (PEM) or looklook.payment.wechat.public-key-path is not set");
        });
    }

    @Test
    void withEveryKeyItStarts() {
        context.withPropertyValues(withKeys()).run(started -> {
            assertThat(started).hasNotFailed();
            assertThat(started).getBean(PaymentGateway.class).isInstanceOf(WechatPayGateway.class);
        });
    }

    @Test
    void aKeyThatIsNotPemIsNamedNotQuoted() {
        context.withPropertyValues(withKeys()).withPropertyValues("looklook.payment.wechat.private-key=not-a-key-SECRET").run(started -> {
            assertThat(started).hasFailed();
            assertThat(rootCause(started.getStartupFailure())).hasMessageContaining("looklook.payment.wechat.private-key")
                    .hasMessageNotContaining("SECRET");
        });
    }

    @Test
    void theLoopbackCallbackDefaultIsNotEnoughForWechat() {
        context.withPropertyValues(withKeys()).withPropertyValues("looklook.payment.wechat.notify-url=").run(started -> {
            assertThat(started).hasFailed();
            assertThat(rootCause(started.getStartupFailure())).hasMessageContaining("looklook.payment.wechat.notify-url must be our "
                    + "public https:// callback URL");
        });
    }

    @Test
    void anotherGatewayNeedsNoneOfThem() {
        context.withPropertyValues("looklook.payment.gateway=sandbox").run(started -> {
            assertThat(started).hasNotFailed();
            assertThat(started).doesNotHaveBean(WechatPayGateway.class);
        });
    }

    private static String[] withKeys() {
        return new String[] {"looklook.payment.gateway=wechat",
                "looklook.payment.wechat.merchant-serial-number=" + FakeWechatPay.MERCHANT_SERIAL,
                "looklook.payment.wechat.private-key=" + privateKeyPem,
                "looklook.payment.wechat.public-key-id=" + FakeWechatPay.PUBLIC_KEY_ID,
                "looklook.payment.wechat.public-key=" + publicKeyPem};
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** What GatewayConfig gives every adapter. */
    @Configuration
    @EnableConfigurationProperties(WechatPayProperties.class)
    static class Merchant {

        @Bean
        CallbackUrls callbackUrls(WechatPayProperties merchant, Environment environment) {
            return new CallbackUrls(merchant, environment);
        }
    }
}
