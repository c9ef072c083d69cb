package io.looklook.usercenter.adapter.web;

import io.looklook.usercenter.domain.User;

/** Response bodies, field for field as looklook's usercenter.api. */
public final class UserViews {

    private UserViews() {
    }

    /** RegisterResp, LoginResp and WXMiniAuthResp (the same three fields): see {@code IssuedToken}. */
    public record TokenResp(String accessToken, long accessExpire, long refreshAfter) {
    }

    public record UserInfoResp(UserView userInfo) {
    }

    /** looklook's {@code User}: no password, no operator flag. */
    public record UserView(long id, String mobile, String nickname, long sex, String avatar, String info) {
        static UserView of(User u) {
            return new UserView(u.id(), u.mobile(), u.nickname(), u.sex(), u.avatar(), u.info());
        }
    }
}
