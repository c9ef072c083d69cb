package io.looklook.order.adapter.kafka;

import io.looklook.order.application.HomestayReplica;
import io.looklook.order.domain.Homestay;
import io.looklook.platform.kafka.ListenerWork;
import io.looklook.travel.HomestaySnapshot;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the homestay replica in step with {@code travel.homestays}: upsert by id (stale versions ignored), delete
 * on a tombstone. Idempotent by construction, so it needs no inbox; a bad record goes to the DLT (platform).
 */
@Component
public class HomestaySnapshotListener {

    private final HomestayReplica replica;

    public HomestaySnapshotListener(HomestayReplica replica) {
        this.replica = replica;
    }

    // the group is a property only so a crash test can run a second copy of the service beside the tests' one
    @KafkaListener(topics = OrderTopics.HOMESTAYS, groupId = "${looklook.order.replica-group:order-service-homestay-replica}")
    public void on(ConsumerRecord<String, HomestaySnapshot> record) {
        HomestaySnapshot s = record.value();
        if (s == null) {
            replica.remove(Long.parseLong(record.key())).as(ListenerWork::await);
            return;
        }
        replica.apply(new Homestay(s.getHomestayId(), s.getVersion(), s.getTitle(), s.getSubTitle(), s.getBanner(),
                s.getInfo(), s.getPeopleNum(), s.getHomestayBusinessId(), s.getUserId(), s.getRowState(), s.getRowType(),
                s.getFoodInfo(), s.getFoodPrice(), s.getHomestayPrice(), s.getMarketHomestayPrice())).as(ListenerWork::await);
    }
}
