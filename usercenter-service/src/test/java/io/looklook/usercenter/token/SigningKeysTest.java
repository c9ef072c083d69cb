package io.looklook.usercenter.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import io.looklook.testsupport.TestTokens;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

class SigningKeysTest {

    private final RSAKey next = TestTokens.newKey("next");
    private final RSAKey retiring = TestTokens.newKey("retiring");

    @Test
    void theFirstKeySignsAndEveryKeyIsPublishedWithoutItsPrivatePart() throws Exception {
        SigningKeys keys = SigningKeys.of(new JWKSet(List.of(next, retiring)));
        String token = keys.signer().forUser(7, java.time.Duration.ofMinutes(1));
        assertThat(SignedJWT.parse(token).getHeader().getKeyID()).isEqualTo("next");
        JWKSet published = keys.published();
        assertThat(published.getKeys()).extracting(JWK::getKeyID).containsExactly("next", "retiring");
        assertThat(published.getKeys()).noneMatch(JWK::isPrivate);
    }

    @Test
    void refusesKeySetsThatCannotSignSafely() throws Exception {
        assertThatThrownBy(() -> SigningKeys.of(new JWKSet(List.of())))
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> SigningKeys.of(new JWKSet(next.toPublicJWK())))
                .hasMessageContaining("private part");
        assertThatThrownBy(() -> SigningKeys.of(new JWKSet(List.of(next, TestTokens.newKey("next")))))
                .hasMessageContaining("its own key id");
        RSAKey small = new RSAKeyGenerator(1024, true).keyID("small").algorithm(JWSAlgorithm.RS256).generate();
        assertThatThrownBy(() -> SigningKeys.of(new JWKSet(small))).hasMessageContaining("at least 2048");
        RSAKey mismatched = new RSAKey.Builder(next.toRSAPublicKey()).privateKey(retiring.toRSAPrivateKey()).keyID("odd").build();
        assertThatThrownBy(() -> SigningKeys.of(new JWKSet(mismatched))).hasMessageContaining("does not match");
        assertThatThrownBy(() -> SigningKeys.load(null)).hasMessageContaining("looklook.usercenter.signing-keys");
        assertThatThrownBy(() -> SigningKeys.load(new ClassPathResource("nowhere.json"))).hasMessageContaining("does not exist");
    }

    @Test
    void theLocalProfilesKeyIsAValidSigningKey() {
        SigningKeys local = SigningKeys.load(new ClassPathResource("local/signing-keys.jwks.json"));
        assertThat(local.published().getKeys()).hasSize(1);
    }
}
