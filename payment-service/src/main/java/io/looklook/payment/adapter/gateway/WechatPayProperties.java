package io.looklook.payment.adapter.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The merchant's WeChat Pay v3 settings (sandbox or real gateway alike).
 *
 * @param appid                   the mini-program app id payments are made in
 * @param mchid                   our merchant id: a notification for another merchant is rejected
 * @param apiV3Key                the 32-byte APIv3 key notifications' resources are encrypted with (a secret: no default
 *                                outside the local profile)
 * @param notifyUrl               where the gateway sends payment notifications; default: this process's callback route
 * @param refundNotifyUrl         where it sends refund notifications; default: this process's refund callback route
 * @param maxNotificationAge      a notification signed longer ago than this (or this far in the future) is refused as
 *                                a replay; WeChat's own SDK uses 5 minutes
 */
@ConfigurationProperties("looklook.payment.wechat")
public record WechatPayProperties(String appid, String mchid, String apiV3Key, String notifyUrl, String refundNotifyUrl,
                                  Duration maxNotificationAge) {

    public WechatPayProperties {
        maxNotificationAge = maxNotificationAge == null ? Duration.ofMinutes(5) : maxNotificationAge;
        if (apiV3Key == null || apiV3Key.length() != 32) {
            throw new IllegalStateException("looklook.payment.wechat.api-v3-key must be set to the merchant's 32-character APIv3 "
                    + "key (the local profile sets a dev one)");
        }
        if (appid == null || appid.isBlank() || mchid == null || mchid.isBlank()) {
            throw new IllegalStateException("looklook.payment.wechat.appid and .mchid must be set");
        }
    }
}
