package io.looklook.schemas;

import io.looklook.order.CloseOrderRequested;
import io.looklook.order.OrderClosed;
import io.looklook.order.OrderCreated;
import io.looklook.order.OrderPaid;
import io.looklook.order.OrderPaymentRejected;
import io.looklook.payment.PaymentCreated;
import io.looklook.payment.PaymentFailed;
import io.looklook.payment.PaymentRefunded;
import io.looklook.payment.PaymentSucceeded;
import io.looklook.scheduler.ScheduleAccepted;
import io.looklook.scheduler.ScheduleCancelRequested;
import io.looklook.scheduler.ScheduleCancelled;
import io.looklook.scheduler.ScheduleFireNowRequested;
import io.looklook.scheduler.ScheduleFired;
import io.looklook.scheduler.ScheduleNotFound;
import io.looklook.scheduler.ScheduleRejected;
import io.looklook.scheduler.ScheduleRequested;
import io.looklook.scheduler.state.ParkedRecord;
import io.looklook.scheduler.state.ScheduledTimer;
import io.looklook.travel.HomestaySnapshot;
import io.looklook.usercenter.UserAuthLinked;
import io.looklook.usercenter.UserProfileChanged;
import io.looklook.usercenter.UserRegistered;
import java.util.List;
import org.apache.avro.Schema;

/** Every record type there is, as its generated class carries it (the schema a serializer writes with). */
public final class SchemaCatalog {

    /** Written to event and command topics in the Confluent wire format: each is a subject of the registry. */
    public static final List<Schema> EVENTS = List.of(
            HomestaySnapshot.getClassSchema(),
            OrderCreated.getClassSchema(), OrderPaid.getClassSchema(), OrderClosed.getClassSchema(),
            OrderPaymentRejected.getClassSchema(), CloseOrderRequested.getClassSchema(),
            PaymentCreated.getClassSchema(), PaymentSucceeded.getClassSchema(), PaymentFailed.getClassSchema(),
            PaymentRefunded.getClassSchema(),
            ScheduleRequested.getClassSchema(), ScheduleCancelRequested.getClassSchema(),
            ScheduleFireNowRequested.getClassSchema(), ScheduleAccepted.getClassSchema(), ScheduleFired.getClassSchema(),
            ScheduleCancelled.getClassSchema(), ScheduleNotFound.getClassSchema(), ScheduleRejected.getClassSchema(),
            UserRegistered.getClassSchema(), UserProfileChanged.getClassSchema(), UserAuthLinked.getClassSchema());

    /**
     * The delay-scheduler's stored records (its state stores and their changelogs): Avro single-object encoding,
     * read through {@link SchemaHistory}, never through the registry.
     */
    public static final List<Schema> STATE = List.of(ScheduledTimer.getClassSchema(), ParkedRecord.getClassSchema());

    private SchemaCatalog() {
    }
}
