package io.looklook.usercenter.domain;

/**
 * A looklook user. {@code passwordHash} is empty for users who only sign in with WeChat (they cannot log in with a
 * password); {@code operator} users get the admin scopes in their tokens.
 */
public record User(long id, String mobile, String passwordHash, String nickname, int sex, String avatar, String info,
                   boolean operator) {

    public boolean hasPassword() {
        return passwordHash != null && !passwordHash.isEmpty();
    }
}
