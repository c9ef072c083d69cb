package io.looklook.platform.bench;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.looklook.platform.security.JwtTokens;
import io.looklook.platform.security.SecurityAutoConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Flux;

/**
 * What the move from one shared HS256 secret to the user center's RS256 keys costs per request: every user route
 * verifies a token, and every login signs one. The services' own decoder ({@link SecurityAutoConfiguration#decoder},
 * a 2048-bit key already fetched) against the HS256 decoder the services used before (the baseline), on one thread,
 * interleaved rounds in the same run; then signing, RS256 against HS256. A program, not a test: it prints figures.
 *
 * <p>{@code ./mvnw -pl platform -am -Pbench -DskipTests verify -Dbench.main=io.looklook.platform.bench.JwtVerificationBenchmark}
 * ({@code -Dbench.rounds=5 -Dbench.round-seconds=2}).
 */
public final class JwtVerificationBenchmark {

    private static final int TOKENS = 1_000;

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 5);
        Duration round = Duration.ofSeconds(Long.getLong("bench.round-seconds", 2));
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("bench").algorithm(JWSAlgorithm.RS256).generate();
        SecretKey secret = new SecretKeySpec("a shared HS256 secret of the old configuration, 32+ bytes"
                .getBytes(StandardCharsets.UTF_8), "HmacSHA256");

        JwtTokens rsaSigner = new JwtTokens(rsa);
        NimbusJwtEncoder hsSigner = NimbusJwtEncoder.withSecretKey(secret).build();
        IntFunction<String> rsaToken = i -> rsaSigner.forUser(1 + i, Duration.ofHours(1));
        IntFunction<String> hsToken = i -> hs256(hsSigner, 1 + i);
        List<String> rsaTokens = tokens(rsaToken);
        List<String> hsTokens = tokens(hsToken);

        ReactiveJwtDecoder rsaDecoder = SecurityAutoConfiguration.decoder(jwt -> Flux.just(rsa.toPublicJWK()));
        NimbusReactiveJwtDecoder hsDecoder = NimbusReactiveJwtDecoder.withSecretKey(secret).macAlgorithm(MacAlgorithm.HS256).build();
        hsDecoder.setJwtValidator(new JwtTimestampValidator());
        check(rsaDecoder, rsaTokens.get(0));
        check(hsDecoder, hsTokens.get(0));

        System.out.printf("JWT on one thread, %d rounds of %d s each, interleaved (2048-bit RSA key)%n", rounds, round.toSeconds());
        compare("verify", rounds, round, () -> rsaDecoder.decode(rsaTokens.get(next(TOKENS))).block(),
                () -> hsDecoder.decode(hsTokens.get(next(TOKENS))).block());
        compare("sign", rounds, round, () -> rsaToken.apply(next(TOKENS)), () -> hsToken.apply(next(TOKENS)));
    }

    private static void compare(String what, int rounds, Duration round, Runnable rs256, Runnable hs256) {
        measure(rs256, Duration.ofSeconds(2)); // warm-up, both
        measure(hs256, Duration.ofSeconds(2));
        double rsBest = 0;
        double hsBest = 0;
        for (int i = 0; i < rounds; i++) {
            rsBest = Math.max(rsBest, measure(rs256, round));
            hsBest = Math.max(hsBest, measure(hs256, round));
        }
        System.out.printf("%-6s RS256 %,10.0f/s (%6.1f us each)   HS256 baseline %,10.0f/s (%6.1f us each)   RS256/HS256 %.3f%n",
                what, rsBest, 1e6 / rsBest, hsBest, 1e6 / hsBest, rsBest / hsBest);
    }

    /** Operations per second over {@code round}. */
    private static double measure(Runnable op, Duration round) {
        long end = System.nanoTime() + round.toNanos();
        long start = System.nanoTime();
        long n = 0;
        while (System.nanoTime() < end) {
            op.run();
            n++;
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static int counter;

    private static int next(int bound) {
        counter = (counter + 1) % bound;
        return counter;
    }

    private static List<String> tokens(IntFunction<String> token) {
        List<String> tokens = new ArrayList<>(TOKENS);
        for (int i = 0; i < TOKENS; i++) {
            tokens.add(token.apply(i));
        }
        return tokens;
    }

    private static String hs256(NimbusJwtEncoder encoder, long userId) {
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder().claim(JwtTokens.USER_ID_CLAIM, userId).issuedAt(now)
                .expiresAt(now.plus(Duration.ofHours(1))).build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims)).getTokenValue();
    }

    private static void check(ReactiveJwtDecoder decoder, String token) {
        Supplier<Object> userId = () -> decoder.decode(token).block().getClaims().get(JwtTokens.USER_ID_CLAIM);
        if (userId.get() == null) {
            throw new IllegalStateException("the decoder did not read the token");
        }
    }
}
