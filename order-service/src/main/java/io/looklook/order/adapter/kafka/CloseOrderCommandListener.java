package io.looklook.order.adapter.kafka;

import io.looklook.order.CloseOrderRequested;
import io.looklook.order.application.CloseUnpaidOrder;
import io.looklook.platform.kafka.ListenerWork;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * {@code CloseOrderRequested} from the delay-scheduler. The command's eventId is stable per timer firing, so a
 * redelivery (or a re-fired timer version) is recognised by the inbox; a bad record goes to the DLT (platform).
 */
@Component
public class CloseOrderCommandListener {

    private final CloseUnpaidOrder closeUnpaidOrder;

    public CloseOrderCommandListener(CloseUnpaidOrder closeUnpaidOrder) {
        this.closeUnpaidOrder = closeUnpaidOrder;
    }

    @KafkaListener(topics = OrderTopics.ORDER_COMMANDS, groupId = "${looklook.order.commands-group:order-service-commands}")
    public void on(CloseOrderRequested command) {
        closeUnpaidOrder.close(command.getSn(), command.getEventId().toString()).as(ListenerWork::await);
    }
}
