package io.looklook.usercenter.application;

import java.nio.charset.StandardCharsets;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Password hashing (bcrypt through Spring Security's delegating encoder, so a stored hash names its algorithm and can
 * be upgraded later). Hashing is slow on purpose (tens of milliseconds of CPU): it runs on its own few threads, never
 * on an event loop, and a burst beyond its queue is refused (503) instead of starving every other request.
 */
@Component
public class Passwords {

    /** bcrypt reads only the first 72 bytes: a longer password would match any other with the same start. */
    public static final int MAX_BYTES = 72;

    private final PasswordEncoder encoder;
    private final Scheduler hashing;
    /** Compared against when there is no user, so a wrong mobile takes as long as a wrong password. */
    private final String decoy;

    public Passwords(PasswordEncoder encoder) {
        this.encoder = encoder;
        this.hashing = Schedulers.newBoundedElastic(Math.max(2, Runtime.getRuntime().availableProcessors()), 256,
                "password-hashing");
        this.decoy = encoder.encode("looklook-decoy-password");
    }

    public static boolean fitsBcrypt(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    public Mono<String> hash(String password) {
        return Mono.fromCallable(() -> encoder.encode(password)).subscribeOn(hashing);
    }

    /** Whether {@code password} matches {@code hash}; an empty or absent hash never matches, after the same work. */
    public Mono<Boolean> matches(String password, String hash) {
        boolean hasHash = hash != null && !hash.isEmpty();
        return Mono.fromCallable(() -> encoder.matches(password, hasHash ? hash : decoy) && hasHash).subscribeOn(hashing);
    }
}
