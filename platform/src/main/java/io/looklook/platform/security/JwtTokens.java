package io.looklook.platform.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Signs looklook tokens (RS256, claims {@code jwtUserId}, {@code iat}, {@code exp}, optional {@code scope}) with an
 * RSA private key. Only whoever holds the user center's private keys can use it: the user center, and the local
 * tools with the local profile's key. Every service verifies with the public keys alone.
 */
public final class JwtTokens {

    public static final String USER_ID_CLAIM = "jwtUserId";
    /** Scope that allows changing the homestay catalog. */
    public static final String CATALOG_WRITE_SCOPE = "catalog:write";
    /** Scope of the delay-scheduler's admin API. */
    public static final String SCHEDULER_ADMIN_SCOPE = "scheduler:admin";
    /** Scope of payment-service's admin routes (the reconciliation of a day). */
    public static final String PAYMENTS_ADMIN_SCOPE = "payments:admin";
    /** Scope that shows health details and the other operator-only actuator endpoints. */
    public static final String OPS_READ_SCOPE = "ops:read";
    /** What an operator's token carries. */
    public static final List<String> OPERATOR_SCOPES = List.of(CATALOG_WRITE_SCOPE, SCHEDULER_ADMIN_SCOPE,
            PAYMENTS_ADMIN_SCOPE, OPS_READ_SCOPE);

    private final NimbusJwtEncoder encoder;
    private final String keyId;

    /** Signs with {@code signingKey}, an RSA key with its private part and a key id (the id verifiers look it up by). */
    public JwtTokens(RSAKey signingKey) {
        if (!signingKey.isPrivate() || signingKey.getKeyID() == null) {
            throw new IllegalArgumentException("a signing key needs its private part and a key id (kid)");
        }
        this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(signingKey)));
        this.keyId = signingKey.getKeyID();
    }

    /** The first key of a set is the one that signs; the others are only published while they retire. */
    public static JwtTokens signingWithFirstKeyOf(JWKSet keys) {
        if (keys.getKeys().isEmpty()) {
            throw new IllegalArgumentException("the signing key set is empty");
        }
        return new JwtTokens(keys.getKeys().get(0).toRSAKey());
    }

    public String keyId() {
        return keyId;
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
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(keyId).build();
        return encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
    }
}
