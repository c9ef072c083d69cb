package io.looklook.payment.application;

import java.time.Instant;
import reactor.core.publisher.Mono;

/** The view of each user's WeChat mini-program openid, kept from user.events: who a prepay names as the payer. */
public interface PayerOpenids {

    /** Records the user's openid; a repeat (redelivery, replay) changes nothing, a later link replaces an earlier one. */
    Mono<Void> linked(long userId, String openid, Instant linkedAt);

    /** The user's openid; empty if the user never signed in with WeChat (or the view has not heard of it yet). */
    Mono<String> of(long userId);
}
