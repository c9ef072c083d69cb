package io.looklook.platform.security;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** Issues looklook-style tokens (HS256, claim {@code jwtUserId}); for local tooling and tests, not a login service. */
public final class JwtTokens {

    public static final String USER_ID_CLAIM = "jwtUserId";
    /** Scope that allows changing the homestay catalog. */
    public static final String CATALOG_WRITE_SCOPE = "catalog:write";

    private final NimbusJwtEncoder encoder;

    public JwtTokens(String secret) {
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key(secret)));
    }

    public static SecretKey key(String secret) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalStateException("looklook.jwt.secret must be set to at least 32 bytes (HS256)");
        }
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String forUser(long userId, Duration ttl, String... scopes) {
        return issue(userId, Instant.now(), ttl, scopes);
    }

    /** {@code issuedAt} in the past gives an already expired token (tests). */
    public String issue(long userId, Instant issuedAt, Duration ttl, String... scopes) {
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuedAt(issuedAt)
                .expiresAt(issuedAt.plus(ttl))
                .claim(USER_ID_CLAIM, userId);
        if (scopes.length > 0) {
            claims.claim("scope", String.join(" ", List.of(scopes)));
        }
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
        return encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
    }

    /** {@code JwtTokens <secret> <userId> [scope...]}: prints a 12-hour token (used by {@code infra/stack token}). */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: JwtTokens <secret> <userId> [scope...]");
            System.exit(2);
        }
        String[] scopes = java.util.Arrays.copyOfRange(args, 2, args.length);
        System.out.println(new JwtTokens(args[0]).forUser(Long.parseLong(args[1]), Duration.ofHours(12), scopes));
    }
}
