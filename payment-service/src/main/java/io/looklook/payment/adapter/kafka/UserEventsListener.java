package io.looklook.payment.adapter.kafka;

import io.looklook.payment.application.PayerOpenids;
import io.looklook.platform.kafka.ListenerWork;
import io.looklook.usercenter.UserAuthLinked;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * user.events: a WeChat mini-program sign-in ({@code UserAuthLinked}, authType wxMini) gives the user's openid, the
 * payer of their prepays. The original asked usercenter over RPC on every payment; this view needs no call, and a
 * payment keeps working while the user center is down. Other user events do not concern payments.
 */
@Component
public class UserEventsListener {

    static final String WX_MINI = "wxMini";

    private final PayerOpenids openids;

    public UserEventsListener(PayerOpenids openids) {
        this.openids = openids;
    }

    @KafkaListener(topics = PaymentTopics.USER_EVENTS, groupId = "${looklook.payment.users-group:payment-service-users}")
    public void on(ConsumerRecord<String, Object> record) {
        if (record.value() instanceof UserAuthLinked linked && WX_MINI.equals(linked.getAuthType().toString())) {
            openids.linked(linked.getUserId(), linked.getAuthKey().toString(), linked.getOccurredAt()).as(ListenerWork::await);
        }
    }
}
