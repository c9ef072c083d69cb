package io.looklook.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.order.CloseOrderRequested;
import io.looklook.order.OrderClosed;
import io.looklook.order.OrderPaid;
import io.looklook.order.OrderPaymentRejected;
import io.looklook.payment.PaymentCreated;
import io.looklook.payment.PaymentFailed;
import io.looklook.payment.PaymentRefunded;
import io.looklook.payment.PaymentSucceeded;
import io.looklook.order.OrderCreated;
import io.looklook.scheduler.ScheduleAccepted;
import io.looklook.scheduler.ScheduleCancelRequested;
import io.looklook.scheduler.ScheduleCancelled;
import io.looklook.scheduler.ScheduleFireNowRequested;
import io.looklook.scheduler.ScheduleFired;
import io.looklook.scheduler.ScheduleNotFound;
import io.looklook.scheduler.ScheduleRejected;
import io.looklook.scheduler.ScheduleRequested;
import io.looklook.scheduler.state.ScheduledTimer;
import io.looklook.travel.HomestaySnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * Fails the build when a schema changes in a way old records could not be read with (BACKWARD_TRANSITIVE),
 * or when a change is not recorded as a new version in avro-history.
 */
class SchemaEvolutionTest {

    private static final List<Class<?>> EVENTS = List.of(HomestaySnapshot.class, OrderCreated.class,
            OrderClosed.class, OrderPaid.class, OrderPaymentRejected.class, PaymentCreated.class, PaymentSucceeded.class, PaymentFailed.class, PaymentRefunded.class, CloseOrderRequested.class, ScheduleRequested.class, ScheduleCancelRequested.class,
            ScheduleFireNowRequested.class, ScheduleAccepted.class, ScheduleFired.class, ScheduleCancelled.class,
            ScheduleNotFound.class,
            ScheduleRejected.class, ScheduledTimer.class, io.looklook.scheduler.state.ParkedRecord.class,
            io.looklook.usercenter.UserRegistered.class, io.looklook.usercenter.UserProfileChanged.class,
            io.looklook.usercenter.UserAuthLinked.class);

    @Test
    void everyEventHasAHistoryAndTheNewestVersionIsTheCurrentSchema() {
        assertThat(SchemaHistory.recordNames())
                .containsExactlyInAnyOrderElementsOf(EVENTS.stream().map(c -> schemaOf(c).getFullName()).toList());
        for (Class<?> event : EVENTS) {
            Schema current = schemaOf(event);
            List<Schema> versions = SchemaHistory.versions(current.getFullName());
            assertThat(versions).as("history of %s", current.getFullName()).isNotEmpty();
            assertThat(versions.get(versions.size() - 1))
                    .as("%s changed: copy src/main/avro to a new avro-history version", current.getFullName())
                    .isEqualTo(current);
        }
    }

    @Test
    void currentSchemasReadEveryPastVersion() {
        for (Class<?> event : EVENTS) {
            Schema current = schemaOf(event);
            assertThat(SchemaHistory.backwardTransitiveViolations(current, SchemaHistory.versions(current.getFullName())))
                    .isEmpty();
        }
    }

    @Test
    void aBreakingEditIsCaught() {
        Schema v1 = schemaOf(HomestaySnapshot.class);
        // a new required field without a default: v1 records have no value for it
        String breaking = v1.toString().replace("\"fields\":[",
                "\"fields\":[{\"name\":\"stars\",\"type\":\"int\"},");
        Schema edited = new Schema.Parser().parse(breaking);

        assertThat(SchemaHistory.backwardTransitiveViolations(edited, List.of(v1)))
                .singleElement().asString().contains("stars");
    }

    @Test
    void anAdditiveEditWithADefaultPasses() {
        Schema v1 = schemaOf(HomestaySnapshot.class);
        String additive = v1.toString().replace("\"fields\":[",
                "\"fields\":[{\"name\":\"stars\",\"type\":\"int\",\"default\":0},");
        assertThat(SchemaHistory.backwardTransitiveViolations(new Schema.Parser().parse(additive), List.of(v1))).isEmpty();
    }

    @Test
    void aBreakingEditInAnOlderVersionIsCaughtTransitively() {
        Schema v1 = schemaOf(HomestaySnapshot.class);
        // v2 drops title (fine for a v2 reader of v1), v3 re-adds it without a default: v3 cannot read v2
        Schema v2 = parseWithout(v1, "title");
        Schema v3 = v1;
        assertThat(SchemaHistory.backwardTransitiveViolations(v3, List.of(v1, v2))).hasSize(1);
    }

    private static Schema parseWithout(Schema schema, String field) {
        List<Schema.Field> kept = schema.getFields().stream().filter(f -> !f.name().equals(field))
                .map(f -> new Schema.Field(f, f.schema())).toList();
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, kept);
    }

    /** The schema as written in src/main/avro (the generated class adds Java-only properties). */
    private static Schema schemaOf(Class<?> type) {
        Path source = Path.of("src/main/avro", type.getSimpleName() + ".avsc");
        try {
            return new Schema.Parser().parse(Files.readString(source));
        } catch (IOException e) {
            throw new UncheckedIOException("no source schema " + source, e);
        }
    }
}
