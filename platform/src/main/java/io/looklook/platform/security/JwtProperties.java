package io.looklook.platform.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param secret       HS256 key shared with whoever issues tokens; no default: the local profile sets a dev one
 * @param publicPaths  path patterns that need no token (catalog reads, health, API docs)
 * @param tokenTtl     lifetime of tokens this service issues itself (local tooling only)
 */
@ConfigurationProperties("looklook.jwt")
public record JwtProperties(String secret, List<String> publicPaths, Duration tokenTtl) {

    public JwtProperties {
        publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
        tokenTtl = tokenTtl == null ? Duration.ofHours(12) : tokenTtl;
    }
}
