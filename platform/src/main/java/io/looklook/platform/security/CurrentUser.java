package io.looklook.platform.security;

import org.springframework.security.oauth2.jwt.Jwt;

/** The authenticated user's id, from the {@code jwtUserId} claim (validated present and numeric at decode time). */
public final class CurrentUser {

    private CurrentUser() {
    }

    public static long id(Jwt jwt) {
        Object claim = jwt.getClaims().get(JwtTokens.USER_ID_CLAIM);
        if (claim instanceof Number number) {
            return number.longValue();
        }
        throw new IllegalStateException("token without a numeric jwtUserId passed validation");
    }
}
