package io.looklook.usercenter.config;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import io.looklook.platform.outbox.EventSchemas;
import io.looklook.platform.security.JwtTokens;
import io.looklook.platform.security.SecurityAutoConfiguration;
import io.looklook.usercenter.UserAuthLinked;
import io.looklook.usercenter.UserProfileChanged;
import io.looklook.usercenter.UserRegistered;
import io.looklook.usercenter.adapter.wechat.SandboxWxMini;
import io.looklook.usercenter.adapter.wechat.WechatCode2Session;
import io.looklook.usercenter.application.WxMiniLogin;
import io.looklook.usercenter.token.SigningKeys;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

@Configuration
public class UsercenterConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    EventSchemas userEventSchemas() {
        return EventSchemas.of(UserRegistered.getClassSchema(), UserProfileChanged.getClassSchema(),
                UserAuthLinked.getClassSchema());
    }

    /** bcrypt now; the stored {@code {bcrypt}} prefix lets a later algorithm take over hash by hash. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    SigningKeys signingKeys(UsercenterProperties properties) {
        return SigningKeys.load(properties.signingKeys());
    }

    @Bean
    JwtTokens jwtTokens(SigningKeys keys) {
        return keys.signer();
    }

    /** The user center checks its own tokens (detail) with its own public keys, without a round trip to itself. */
    @Bean
    ReactiveJwtDecoder jwtDecoder(SigningKeys keys) {
        JWKSet published = keys.published();
        return SecurityAutoConfiguration.decoder(jwt -> {
            List<JWK> matching = new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader())).select(published);
            return Flux.fromIterable(matching);
        });
    }

    @Bean
    @ConditionalOnProperty(name = "looklook.usercenter.wx-mini.sandbox", havingValue = "true")
    SandboxWxMini sandboxWxMini(UsercenterProperties properties, JsonMapper json) {
        return new SandboxWxMini(properties.wxMini().appId(), properties.wxMini().secret(), json);
    }

    @Bean
    @ConditionalOnProperty(name = "looklook.usercenter.wx-mini.sandbox", havingValue = "false", matchIfMissing = true)
    WxMiniLogin wechatCode2Session(UsercenterProperties properties, ObjectProvider<WebClient.Builder> web, JsonMapper json) {
        return new WechatCode2Session(web.getIfAvailable(WebClient::builder).build(), properties.wxMini(), json);
    }
}
