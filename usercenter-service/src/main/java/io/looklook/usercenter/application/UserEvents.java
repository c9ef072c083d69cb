package io.looklook.usercenter.application;

import io.looklook.usercenter.domain.AuthType;
import io.looklook.usercenter.domain.User;
import reactor.core.publisher.Mono;

/** What the user center tells the others on {@code user.events}, in the transaction of the change. */
public interface UserEvents {

    Mono<Void> registered(User user, AuthType signedUpWith);

    Mono<Void> authLinked(long userId, AuthType type, String authKey);

    /** The whole public profile after a change. */
    Mono<Void> profileChanged(User user);
}
