package io.looklook.usercenter.application;

import io.looklook.usercenter.domain.AuthType;
import io.looklook.usercenter.domain.User;
import reactor.core.publisher.Mono;

/** The user center's tables: {@code user} and {@code user_auth}. */
public interface UserStore {

    Mono<User> findByMobile(String mobile);

    Mono<User> findById(long id);

    /** The user, locked until the caller's transaction ends (so one user's profile changes commit one after another). */
    Mono<User> lockById(long id);

    /** Replaces the user's public profile. */
    Mono<Void> updateProfile(long id, String nickname, int sex, String avatar, String info);

    /** The user a sign-in method belongs to, if any. */
    Mono<Long> findUserIdByAuth(AuthType type, String authKey);

    /**
     * Inserts {@code draft} (its id is ignored) with its first sign-in method; errors with {@link TakenException} when
     * the mobile number or the sign-in method belongs to someone already.
     */
    Mono<User> insert(User draft, AuthType type, String authKey);

    /** Binds a sign-in method to a user; errors with {@link TakenException} when it is bound already. */
    Mono<Void> insertAuth(long userId, AuthType type, String authKey);

    /** Marks the user with this mobile as an operator; false if there is none. */
    Mono<Boolean> markOperator(String mobile);

    /** A unique key refused the row. */
    final class TakenException extends RuntimeException {
        public TakenException(Throwable cause) {
            super(cause);
        }
    }
}
