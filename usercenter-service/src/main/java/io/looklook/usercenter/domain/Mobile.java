package io.looklook.usercenter.domain;

import java.util.regex.Pattern;

/** A mainland China mobile number, as looklook's {@code user.mobile CHAR(11)} holds: 11 digits, 1 then 3-9. */
public final class Mobile {

    private static final Pattern MAINLAND = Pattern.compile("1[3-9][0-9]{9}");

    private Mobile() {
    }

    public static boolean isValid(String mobile) {
        return mobile != null && MAINLAND.matcher(mobile).matches();
    }

    /** The original's WeChat nickname: "LookLook" and the last four digits. */
    public static String wechatNickname(String mobile) {
        return "LookLook" + mobile.substring(mobile.length() - 4);
    }
}
