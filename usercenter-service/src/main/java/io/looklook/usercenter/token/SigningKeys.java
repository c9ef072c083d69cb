package io.looklook.usercenter.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.looklook.platform.security.JwtTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.core.io.Resource;

/**
 * The user center's RSA key pairs, read from configuration ({@code looklook.usercenter.signing-keys}: a JWK set with
 * the private parts). The first key signs every new token; the others are only published, so tokens they signed
 * stay valid while they retire. A rotation: put the new key first and keep the old one after it; once the longest
 * token lifetime has passed, drop the old one (docs/reliability.md, "Rotating the signing key").
 */
public final class SigningKeys {

    private static final int MIN_RSA_BITS = 2048;

    private final List<RSAKey> keys;

    private SigningKeys(List<RSAKey> keys) {
        this.keys = keys;
    }

    public static SigningKeys load(Resource resource) {
        if (resource == null || !resource.exists()) {
            throw new IllegalStateException("looklook.usercenter.signing-keys must name a JWK set with the private RSA keys"
                    + (resource == null ? "" : " (" + resource.getDescription() + " does not exist)"));
        }
        try (InputStream in = resource.getInputStream()) {
            return of(JWKSet.load(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource.getDescription(), e);
        } catch (ParseException e) {
            throw new IllegalStateException(resource.getDescription() + " is not a JWK set: " + e.getMessage(), e);
        }
    }

    public static SigningKeys of(JWKSet set) {
        if (set.getKeys().isEmpty()) {
            throw new IllegalStateException("the signing key set is empty");
        }
        Set<String> ids = new HashSet<>();
        for (JWK key : set.getKeys()) {
            if (!(key instanceof RSAKey rsa) || !rsa.isPrivate()) {
                throw new IllegalStateException("signing key " + key.getKeyID() + " is not an RSA key with its private part");
            }
            if (key.getKeyID() == null || !ids.add(key.getKeyID())) {
                throw new IllegalStateException("every signing key needs its own key id (kid)");
            }
            if (rsa.size() < MIN_RSA_BITS) {
                throw new IllegalStateException("signing key " + key.getKeyID() + " has " + rsa.size()
                        + " bits; at least " + MIN_RSA_BITS + " are needed");
            }
            checkPair(rsa);
        }
        return new SigningKeys(set.getKeys().stream().map(JWK::toRSAKey).toList());
    }

    /** Signs a probe and verifies it with the public half: a private part from another key fails here, not in use. */
    private static void checkPair(RSAKey key) {
        try {
            JWSObject probe = new JWSObject(new JWSHeader(JWSAlgorithm.RS256), new Payload("probe"));
            probe.sign(new RSASSASigner(key));
            if (!probe.verify(new RSASSAVerifier(key.toRSAPublicKey()))) {
                throw new IllegalStateException("signing key " + key.getKeyID() + ": the private part does not match the public one");
            }
        } catch (JOSEException e) {
            throw new IllegalStateException("signing key " + key.getKeyID() + ": the private part does not match the public one or is unreadable (" + e.getMessage() + ")", e);
        }
    }

    /** Signs with the first key. */
    public JwtTokens signer() {
        return new JwtTokens(keys.get(0));
    }

    /** The public halves of every key, as served at {@code /.well-known/jwks.json}. */
    public JWKSet published() {
        return new JWKSet(keys.stream().map(k -> (JWK) k.toPublicJWK()).toList());
    }
}
