package io.looklook.scheduler.it;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import io.looklook.testsupport.TestInfra;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** looklook-style tokens signed with the tests' secret, as the services' JwtTokens issues them. */
public final class AdminTokens {

    private AdminTokens() {
    }

    /** {@code Bearer <token>} with the given scopes (space-separated claim), valid for an hour. */
    public static String bearer(String... scopes) {
        NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableSecret<>(
                new SecretKeySpec(TestInfra.JWT_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256")));
        JwtClaimsSet claims = JwtClaimsSet.builder().issuedAt(Instant.now()).expiresAt(Instant.now().plus(Duration.ofHours(1)))
                .claim("jwtUserId", 1L).claim("scope", String.join(" ", scopes)).build();
        return "Bearer " + encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
    }

    public static String admin() {
        return bearer("scheduler:admin");
    }
}
