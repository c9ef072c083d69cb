package io.looklook.platform.security;

import org.springframework.security.oauth2.jwt.Jwt;

/** The authenticated user's id, from the {@code jwtUserId} claim (validated a positive integer at decode time). */
public final class CurrentUser {

    private CurrentUser() {
    }

    public static long id(Jwt jwt) {
        Object claim = jwt.getClaims().get(JwtTokens.USER_ID_CLAIM);
        if (isValidId(claim)) {
            return ((Number) claim).longValue();
        }
        throw new IllegalStateException("token without a valid jwtUserId passed validation");
    }

    /** A JSON integer (the JWT parser gives Long or Integer; 7.5 and 7.0 come as Double) above zero. */
    static boolean isValidId(Object claim) {
        return (claim instanceof Long || claim instanceof Integer) && ((Number) claim).longValue() > 0;
    }
}
