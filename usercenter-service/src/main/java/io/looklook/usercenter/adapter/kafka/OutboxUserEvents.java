package io.looklook.usercenter.adapter.kafka;

import io.looklook.platform.outbox.Outbox;
import io.looklook.usercenter.UserAuthLinked;
import io.looklook.usercenter.UserProfileChanged;
import io.looklook.usercenter.UserRegistered;
import io.looklook.usercenter.application.UserEvents;
import io.looklook.usercenter.domain.AuthType;
import io.looklook.usercenter.domain.User;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** {@code user.events} through the outbox, keyed by user id (a user's events stay in order). */
@Component
public class OutboxUserEvents implements UserEvents {

    private final Outbox outbox;
    private final Clock clock;

    public OutboxUserEvents(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public Mono<Void> registered(User user, AuthType signedUpWith) {
        UserRegistered event = UserRegistered.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(clock.instant())
                .setUserId(user.id())
                .setNickname(user.nickname())
                .setSex(user.sex())
                .setAvatar(user.avatar())
                .setInfo(user.info())
                .setAuthType(signedUpWith.value())
                .build();
        return outbox.append(UserTopics.USER_EVENTS, String.valueOf(user.id()), event);
    }

    @Override
    public Mono<Void> authLinked(long userId, AuthType type, String authKey) {
        UserAuthLinked event = UserAuthLinked.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(clock.instant())
                .setUserId(userId)
                .setAuthType(type.value())
                .setAuthKey(authKey)
                .build();
        return outbox.append(UserTopics.USER_EVENTS, String.valueOf(userId), event);
    }

    @Override
    public Mono<Void> profileChanged(User user) {
        UserProfileChanged event = UserProfileChanged.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(clock.instant())
                .setUserId(user.id())
                .setNickname(user.nickname())
                .setSex(user.sex())
                .setAvatar(user.avatar())
                .setInfo(user.info())
                .build();
        return outbox.append(UserTopics.USER_EVENTS, String.valueOf(user.id()), event);
    }
}
