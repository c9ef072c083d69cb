package io.looklook.payment.adapter.gateway;

import io.looklook.payment.application.InvalidNotificationException;
import io.looklook.payment.domain.GatewayNotice;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a WeChat Pay v3 notification the way the v3 SDK's NotificationHandler does, then more: the signature
 * (SHA256-with-RSA by the platform certificate named in {@code Wechatpay-Serial} over timestamp, nonce and body), its
 * age (a replay of an old, validly signed notification is refused), the AES-GCM resource (decrypted with our APIv3 key)
 * and that it is for our merchant and app. Anything else is an {@link InvalidNotificationException}.
 */
public class WechatPayNotifications {

    private final WechatPayProperties merchant;
    private final Function<String, PublicKey> platformKeys;
    private final JsonMapper json;
    private final Clock clock;

    /** {@code platformKeys}: the platform certificate's public key by serial number, or null if unknown. */
    public WechatPayNotifications(WechatPayProperties merchant, Function<String, PublicKey> platformKeys, JsonMapper json, Clock clock) {
        this.merchant = merchant;
        this.platformKeys = platformKeys;
        this.json = json;
        this.clock = clock;
    }

    public GatewayNotice verify(Map<String, String> headers, String body) {
        String timestamp = header(headers, WechatPayMessages.TIMESTAMP);
        String nonce = header(headers, WechatPayMessages.NONCE);
        String signature = header(headers, WechatPayMessages.SIGNATURE);
        String serial = header(headers, WechatPayMessages.SERIAL);
        checkAge(timestamp);
        PublicKey key = platformKeys.apply(serial);
        if (key == null) {
            throw new InvalidNotificationException("unknown platform certificate serial " + serial);
        }
        if (!WechatPayCrypto.verify(key, WechatPayCrypto.message(timestamp, nonce, body), signature)) {
            throw new InvalidNotificationException("signature does not verify");
        }
        WechatPayMessages.Envelope envelope = read(body, WechatPayMessages.Envelope.class);
        if (envelope.id() == null || envelope.id().isBlank() || envelope.id().length() > 36 || envelope.eventType() == null
                || envelope.resource() == null) {
            throw new InvalidNotificationException("not a v3 notification (id, event_type, resource)");
        }
        String plaintext = decrypt(envelope.resource());
        if (envelope.eventType().startsWith("TRANSACTION.")) {
            return transaction(envelope.id(), read(plaintext, WechatPayMessages.Transaction.class));
        }
        if (envelope.eventType().startsWith("REFUND.")) {
            return refund(envelope.id(), read(plaintext, WechatPayMessages.Refund.class));
        }
        throw new InvalidNotificationException("unknown event_type " + envelope.eventType());
    }

    private GatewayNotice.Transaction transaction(String id, WechatPayMessages.Transaction t) {
        if (!merchant.mchid().equals(t.mchid()) || !merchant.appid().equals(t.appid())) {
            throw new InvalidNotificationException("for merchant " + t.mchid() + " / app " + t.appid() + ", not ours");
        }
        if (t.outTradeNo() == null || t.tradeState() == null || t.amount() == null || t.amount().total() == null) {
            throw new InvalidNotificationException("transaction without out_trade_no, trade_state or amount.total");
        }
        Instant successTime = time(t.successTime());
        if ("SUCCESS".equals(t.tradeState()) && (successTime == null || t.transactionId() == null)) {
            throw new InvalidNotificationException("a successful transaction without success_time or transaction_id");
        }
        return new GatewayNotice.Transaction(id, t.outTradeNo(), nullToEmpty(t.transactionId()), nullToEmpty(t.tradeType()),
                t.tradeState(), nullToEmpty(t.tradeStateDesc()), t.amount().total(), t.amount().currency(), successTime);
    }

    private GatewayNotice.Refund refund(String id, WechatPayMessages.Refund r) {
        if (!merchant.mchid().equals(r.mchid())) {
            throw new InvalidNotificationException("for merchant " + r.mchid() + ", not ours");
        }
        if (r.outRefundNo() == null || r.outTradeNo() == null || r.refundStatus() == null || r.amount() == null
                || r.amount().refund() == null) {
            throw new InvalidNotificationException("refund without out_refund_no, out_trade_no, refund_status or amount.refund");
        }
        return new GatewayNotice.Refund(id, r.outRefundNo(), r.outTradeNo(), nullToEmpty(r.refundId()), r.refundStatus(),
                r.amount().refund(), time(r.successTime()));
    }

    private void checkAge(String timestamp) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new InvalidNotificationException("Wechatpay-Timestamp is not a number");
        }
        Duration age = Duration.between(Instant.ofEpochSecond(seconds), clock.instant()).abs();
        if (age.compareTo(merchant.maxNotificationAge()) > 0) {
            throw new InvalidNotificationException("signed " + age.toSeconds() + " s away from now: a replay or a wrong clock");
        }
    }

    private String decrypt(WechatPayMessages.Resource resource) {
        if (!"AEAD_AES_256_GCM".equals(resource.algorithm()) || resource.nonce() == null || resource.ciphertext() == null) {
            throw new InvalidNotificationException("resource is not AEAD_AES_256_GCM");
        }
        try {
            return WechatPayCrypto.decrypt(merchant.apiV3Key(), resource.associatedData(), resource.nonce(), resource.ciphertext());
        } catch (GeneralSecurityException e) {
            throw new InvalidNotificationException("resource does not decrypt with our APIv3 key");
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JacksonException e) {
            throw new InvalidNotificationException("malformed " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    private static String header(Map<String, String> headers, String name) {
        String value = headers.get(name);
        if (value == null || value.isBlank()) {
            throw new InvalidNotificationException("missing header " + name);
        }
        return value;
    }

    private static Instant time(String rfc3339) {
        if (rfc3339 == null || rfc3339.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(rfc3339).toInstant();
        } catch (RuntimeException e) {
            throw new InvalidNotificationException("success_time is not RFC 3339: " + rfc3339);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
