package io.looklook.scheduler.config;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import io.looklook.scheduler.adapter.web.AdminErrorHandler;
import io.looklook.scheduler.adapter.web.AdminErrors;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API can cancel timers and fire them early (closing orders): it takes a looklook JWT (RS256, signed by the
 * user center, which grants the scope to operators only) with the {@code scheduler:admin} scope. Health, metrics and info stay
 * open for probes and scrapers; the rest of actuator needs the scope too. Instances forward the caller's token when they ask each other.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class SchedulerSecurity {

    public static final String ADMIN_SCOPE = "scheduler:admin";

    /**
     * RS256 tokens from the user center, checked with its published keys. Spring's remote key source is enough here
     * (the services use platform's, which also forgets retired keys): the admin API sees a handful of calls.
     */
    @Bean
    ReactiveJwtDecoder jwtDecoder(@Value("${looklook.jwt.jwk-set-uri}") String jwkSetUri) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(jwkSetUri)
                .jwsAlgorithm(SignatureAlgorithm.RS256).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
                jwt -> jwt.getExpiresAt() != null ? OAuth2TokenValidatorResult.success()
                        : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "token has no exp", null)),
                // as the services' (platform's CurrentUser): a user id is a JSON integer above zero
                jwt -> jwt.getClaims().get("jwtUserId") instanceof Number id && (id instanceof Long || id instanceof Integer)
                        && id.longValue() > 0 ? OAuth2TokenValidatorResult.success()
                        : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "token has no valid jwtUserId", null))));
        return decoder;
    }

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, JsonMapper json) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .authorizeExchange(auth -> auth
                        .pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/actuator/info")
                        .permitAll()
                        .pathMatchers("/scheduler/v1/admin/**", "/actuator/**").hasAuthority("SCOPE_" + ADMIN_SCOPE)
                        .anyExchange().denyAll())
                .oauth2ResourceServer(oauth -> oauth.jwt(jwt -> { })
                        .authenticationEntryPoint((exchange, e) -> unauthorized(exchange.getResponse(), json))
                        .accessDeniedHandler((exchange, e) -> forbidden(exchange.getResponse(), json)))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((exchange, e) -> unauthorized(exchange.getResponse(), json))
                        .accessDeniedHandler((exchange, e) -> forbidden(exchange.getResponse(), json)))
                .build();
    }

    private static Mono<Void> unauthorized(ServerHttpResponse response, JsonMapper json) {
        return AdminErrorHandler.write(response, json, HttpStatus.UNAUTHORIZED, AdminErrors.TOKEN_INVALID,
                "token invalid or expired, please log in again");
    }

    private static Mono<Void> forbidden(ServerHttpResponse response, JsonMapper json) {
        return AdminErrorHandler.write(response, json, HttpStatus.FORBIDDEN, AdminErrors.FORBIDDEN,
                "this token may not do that: the admin API needs the " + ADMIN_SCOPE + " scope");
    }
}
