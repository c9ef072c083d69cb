package io.looklook.usercenter.application;

import io.looklook.platform.security.JwtTokens;
import io.looklook.usercenter.config.UsercenterProperties;
import io.looklook.usercenter.domain.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** Tokens for users; an operator's carry the admin scopes and live shorter. */
@Component
public class TokenIssuer {

    private final JwtTokens signer;
    private final UsercenterProperties properties;
    private final Clock clock;

    public TokenIssuer(JwtTokens signer, UsercenterProperties properties, Clock clock) {
        this.signer = signer;
        this.properties = properties;
        this.clock = clock;
    }

    public IssuedToken issue(User user) {
        Instant now = clock.instant();
        Duration ttl = user.operator() ? properties.operatorTokenTtl() : properties.tokenTtl();
        String[] scopes = user.operator() ? JwtTokens.OPERATOR_SCOPES.toArray(String[]::new) : new String[0];
        String token = signer.issue(user.id(), now, ttl, scopes);
        long issuedAt = now.getEpochSecond();
        return new IssuedToken(token, issuedAt + ttl.toSeconds(), issuedAt + ttl.toSeconds() / 2);
    }
}
