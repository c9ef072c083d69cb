package io.looklook.usercenter.adapter.kafka;

/** The topic the user center writes (declared in infra's {@code looklook/topics.txt}). */
public final class UserTopics {

    /** Key = user id; {@code UserRegistered}, {@code UserProfileChanged}, {@code UserAuthLinked}. */
    public static final String USER_EVENTS = "user.events";

    private UserTopics() {
    }
}
