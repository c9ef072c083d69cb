package io.looklook.platform.security;

import io.looklook.platform.error.ErrorCode;
import io.looklook.platform.web.ApiResponse;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.util.ArrayList;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * JWT (claim {@code jwtUserId}, as looklook's, but RS256 signed by the user center and checked against its published
 * keys) on every route but the configured public ones. A missing, malformed, forged or expired token gets 401 with the
 * envelope (code 100003); a token without a {@code jwtUserId} that is a positive integer is refused too (the original
 * silently used user 0). When the user center's keys cannot be fetched at all, the answer is 503: the token could not
 * be checked. Public routes ignore the {@code Authorization} header altogether.
 */
@AutoConfiguration
@EnableWebFluxSecurity
@EnableConfigurationProperties(JwtProperties.class)
public class SecurityAutoConfiguration {

    private static final List<String> ALWAYS_PUBLIC = List.of("/actuator/health/**", "/actuator/health",
            "/actuator/prometheus", "/actuator/info", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**");

    /** Operators' routes: a token with the service's admin scope ({@code looklook.jwt.admin-scope}). */
    public static final String ADMIN_PATHS = "/*/v1/admin/**";

    /** Verifies with the user center's published keys; the user center itself declares one over its own keys. */
    @Bean
    @ConditionalOnMissingBean(ReactiveJwtDecoder.class)
    RemoteJwkSet remoteJwkSet(JwtProperties properties, ObjectProvider<WebClient.Builder> web) {
        if (properties.jwkSetUri() == null) {
            throw new IllegalStateException("looklook.jwt.jwk-set-uri must name the user center's JWK set");
        }
        // Boot's builder (with tracing) where spring-boot-webclient is on the class path, a plain one elsewhere
        return new RemoteJwkSet(web.getIfAvailable(WebClient::builder).build(), properties.jwkSetUri(),
                properties.jwkSetTtl(), properties.jwkRefetchPause(), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    ReactiveJwtDecoder jwtDecoder(RemoteJwkSet keys) {
        return decoder(keys::keysFor);
    }

    /** The keys are fetched as soon as the service is up, not by its first request. */
    @Bean
    @ConditionalOnBean(RemoteJwkSet.class)
    ApplicationListener<ApplicationReadyEvent> prefetchUserCenterKeys(RemoteJwkSet keys) {
        return event -> keys.prefetch();
    }

    /**
     * A decoder that takes RS256 only ({@code alg: none}, HS256 and the rest are refused before any key is looked
     * up), needs {@code exp}, and a {@code jwtUserId} that is a positive integer.
     */
    public static ReactiveJwtDecoder decoder(Function<SignedJWT, Flux<JWK>> keys) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSource(keys)
                .jwsAlgorithm(SignatureAlgorithm.RS256).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(), requireExpiry(),
                requireUserId()));
        return decoder;
    }

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, JwtProperties properties, JsonMapper json) {
        List<String> open = new ArrayList<>(ALWAYS_PUBLIC);
        open.addAll(properties.publicPaths());
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .authorizeExchange(auth -> auth
                        // admin routes first: they may sit under an otherwise public prefix
                        .pathMatchers(ADMIN_PATHS).hasAuthority("SCOPE_" + properties.adminScope())
                        .pathMatchers(open.toArray(String[]::new)).permitAll()
                        .anyExchange().authenticated())
                .oauth2ResourceServer(oauth -> oauth
                        .bearerTokenConverter(tokenOutsidePublicPaths(open))
                        .jwt(jwt -> { })
                        .authenticationFailureHandler((filterExchange, e) -> e instanceof AuthenticationServiceException
                                ? unavailable(filterExchange.getExchange(), json)
                                : write(filterExchange.getExchange(), json, HttpStatus.UNAUTHORIZED,
                                        ErrorCode.TOKEN_EXPIRE_ERROR, ErrorCode.TOKEN_EXPIRE_ERROR.defaultMessage()))
                        .authenticationEntryPoint((exchange, e) -> write(exchange, json, HttpStatus.UNAUTHORIZED,
                                ErrorCode.TOKEN_EXPIRE_ERROR, ErrorCode.TOKEN_EXPIRE_ERROR.defaultMessage()))
                        .accessDeniedHandler((exchange, e) -> write(exchange, json, HttpStatus.FORBIDDEN,
                                ErrorCode.FORBIDDEN, "this token may not do that")))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((exchange, e) -> write(exchange, json, HttpStatus.UNAUTHORIZED,
                                ErrorCode.TOKEN_EXPIRE_ERROR, ErrorCode.TOKEN_EXPIRE_ERROR.defaultMessage()))
                        .accessDeniedHandler((exchange, e) -> write(exchange, json, HttpStatus.FORBIDDEN,
                                ErrorCode.FORBIDDEN, "this token may not do that")))
                .build();
    }

    /**
     * A public route ignores {@code Authorization}, as looklook's did: a client that sends its (expired) token with
     * every request must still browse the catalog. Admin routes under a public prefix still read it.
     */
    private static ServerAuthenticationConverter tokenOutsidePublicPaths(List<String> open) {
        // health is public, but an operator's token there shows the details
        ServerWebExchangeMatcher admin = ServerWebExchangeMatchers.pathMatchers(ADMIN_PATHS, "/actuator/health", "/actuator/health/**");
        ServerWebExchangeMatcher publicPaths = ServerWebExchangeMatchers.pathMatchers(open.toArray(String[]::new));
        ServerBearerTokenAuthenticationConverter bearer = new ServerBearerTokenAuthenticationConverter();
        return exchange -> admin.matches(exchange)
                .flatMap(isAdmin -> isAdmin.isMatch() ? Mono.just(false) : publicPaths.matches(exchange).map(m -> m.isMatch()))
                .flatMap(isPublic -> isPublic ? Mono.empty() : bearer.convert(exchange));
    }

    private static OAuth2TokenValidator<Jwt> requireExpiry() {
        return jwt -> jwt.getExpiresAt() != null ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "token has no exp", null));
    }

    /** A user id is a positive integer: 0, negative and fractional ids are refused (the original took them). */
    private static OAuth2TokenValidator<Jwt> requireUserId() {
        return jwt -> CurrentUser.isValidId(jwt.getClaims().get(JwtTokens.USER_ID_CLAIM))
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                        "token has no jwtUserId that is a positive integer", null));
    }

    private static Mono<Void> unavailable(ServerWebExchange exchange, JsonMapper json) {
        exchange.getResponse().getHeaders().set("Retry-After", "1");
        return write(exchange, json, HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.SERVER_COMMON_ERROR,
                "the token cannot be checked now (the user center's keys are out of reach), please try again later");
    }

    private static Mono<Void> write(ServerWebExchange exchange, JsonMapper json, HttpStatus status, ErrorCode code, String msg) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] body = json.writeValueAsBytes(ApiResponse.error(code, msg));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
