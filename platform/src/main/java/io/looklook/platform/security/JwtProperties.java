package io.looklook.platform.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a service checks tokens. It holds no signing material: only the user center signs, and publishes its public
 * keys at {@code jwkSetUri}.
 *
 * @param jwkSetUri        the user center's JWK set (its public keys)
 * @param publicPaths      path patterns that need no token (catalog reads, health, API docs)
 * @param jwkSetTtl        how long fetched keys are trusted before they are fetched again (a removed key stops
 *                         working within this time)
 * @param jwkRefetchPause  the least time between two fetches caused by a token whose key is unknown (a new key after
 *                         a rotation is found at once; a stream of made-up key ids cannot flood the user center)
 * @param adminScope       the scope the service's admin routes ({@code /<service>/v1/admin/**}) need: the catalog's
 *                         {@code catalog:write} unless the service names its own (payment-service: {@code payments:admin})
 */
@ConfigurationProperties("looklook.jwt")
public record JwtProperties(URI jwkSetUri, List<String> publicPaths, Duration jwkSetTtl, Duration jwkRefetchPause,
                            String adminScope) {

    public JwtProperties {
        publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
        jwkSetTtl = jwkSetTtl == null ? Duration.ofMinutes(5) : jwkSetTtl;
        jwkRefetchPause = jwkRefetchPause == null ? Duration.ofSeconds(10) : jwkRefetchPause;
        adminScope = adminScope == null || adminScope.isBlank() ? JwtTokens.CATALOG_WRITE_SCOPE : adminScope;
    }
}
