package io.looklook.scheduler.it;

import io.looklook.testsupport.TestTokens;
import java.time.Duration;

/** looklook tokens from the tests' issuer (test-support), which signs as the user center does. */
public final class AdminTokens {

    private AdminTokens() {
    }

    /** {@code Bearer <token>} with the given scopes (space-separated claim), valid for an hour. */
    public static String bearer(String... scopes) {
        return "Bearer " + TestTokens.get().forUser(1, Duration.ofHours(1), scopes);
    }

    public static String admin() {
        return bearer("scheduler:admin");
    }
}
