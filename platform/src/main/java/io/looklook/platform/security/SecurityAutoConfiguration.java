package io.looklook.platform.security;

import io.looklook.platform.error.ErrorCode;
import io.looklook.platform.web.ApiResponse;
import java.util.ArrayList;
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
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
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
 * JWT (HS256, claim {@code jwtUserId}, as looklook) on every route but the configured public ones. A missing,
 * malformed, forged or expired token gets 401 with the envelope (code 100003); a token without a numeric
 * {@code jwtUserId} that is a positive integer is rejected too (the original silently used user 0). Public routes
 * ignore the {@code Authorization} header altogether.
 */
@AutoConfiguration
@EnableWebFluxSecurity
@EnableConfigurationProperties(JwtProperties.class)
public class SecurityAutoConfiguration {

    private static final List<String> ALWAYS_PUBLIC = List.of("/actuator/health/**", "/actuator/health",
            "/actuator/prometheus", "/actuator/info", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**");

    /** Catalog changes: a token with the {@code catalog:write} scope. */
    public static final String ADMIN_PATHS = "/*/v1/admin/**";

    @Bean
    ReactiveJwtDecoder jwtDecoder(JwtProperties properties) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withSecretKey(JwtTokens.key(properties.secret()))
                .macAlgorithm(MacAlgorithm.HS256).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(), requireExpiry(),
                requireUserId()));
        return decoder;
    }

    @Bean
    JwtTokens jwtTokens(JwtProperties properties) {
        return new JwtTokens(properties.secret());
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
                        .pathMatchers(ADMIN_PATHS).hasAuthority("SCOPE_" + JwtTokens.CATALOG_WRITE_SCOPE)
                        .pathMatchers(open.toArray(String[]::new)).permitAll()
                        .anyExchange().authenticated())
                .oauth2ResourceServer(oauth -> oauth
                        .bearerTokenConverter(tokenOutsidePublicPaths(open))
                        .jwt(jwt -> { })
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
        ServerWebExchangeMatcher admin = ServerWebExchangeMatchers.pathMatchers(ADMIN_PATHS);
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

    private static Mono<Void> write(ServerWebExchange exchange, JsonMapper json, HttpStatus status, ErrorCode code, String msg) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] body = json.writeValueAsBytes(ApiResponse.error(code, msg));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
