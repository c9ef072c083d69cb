package io.looklook.payment.adapter.gateway;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The merchant settings every gateway adapter shares. Which adapter runs is {@code looklook.payment.gateway}; it has
 * no default, so a deployment that forgot it fails at start-up rather than taking payments in the sandbox.
 */
@Configuration
@EnableConfigurationProperties(WechatPayProperties.class)
class GatewayConfig {

    @Bean
    CallbackUrls callbackUrls(WechatPayProperties merchant, Environment environment) {
        return new CallbackUrls(merchant, environment);
    }
}
