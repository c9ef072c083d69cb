package io.looklook.scheduler.adapter.kafka;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * An input record the scheduler can never decode goes to {@code <topic>-dlt}, on its own partition, as it was (key,
 * bytes, headers) plus the headers the services' dead letters carry (spring-kafka's {@code kafka_dlt-*}: original
 * topic, partition, offset, timestamp, group, exception), so {@code looklook dlt list/show/redrive} treat it like
 * any other. Written in the same exactly-once transaction as the input offset: never lost, never doubled.
 */
final class DeadLetters {

    static final String SINK = "dead-letter-sink";
    static final String DLT_SUFFIX = "-dlt";
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final ProcessorContext<Object, Object> context;
    private final SchedulerMetrics metrics;
    private final String group;

    DeadLetters(ProcessorContext<Object, Object> context, SchedulerMetrics metrics) {
        this.context = context;
        this.metrics = metrics;
        this.group = context.applicationId();
    }

    /** A dead letter on its way: the sink writes {@code value} to {@code topic}, partition {@code partition}. */
    record DeadLetter(String topic, int partition, byte[] value) {
    }

    void send(Origin origin, Record<String, byte[]> record, Exception reason) {
        Headers headers = new RecordHeaders();
        record.headers().forEach(headers::add);
        headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, utf8(origin.topic()));
        headers.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(Integer.BYTES).putInt(origin.partition()).array());
        headers.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(origin.offset()).array());
        headers.add(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP, ByteBuffer.allocate(Long.BYTES).putLong(record.timestamp()).array());
        headers.add(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP_TYPE, utf8("CreateTime"));
        headers.add(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP, utf8(group));
        headers.add(KafkaHeaders.DLT_EXCEPTION_FQCN, utf8(reason.getClass().getName()));
        Throwable cause = reason.getCause() != null ? reason.getCause() : reason;
        headers.add(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN, utf8(cause.getClass().getName()));
        headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, utf8(String.valueOf(reason.getMessage())));
        StringWriter trace = new StringWriter();
        reason.printStackTrace(new PrintWriter(trace));
        headers.add(KafkaHeaders.DLT_EXCEPTION_STACKTRACE, utf8(trace.toString()));
        String topic = origin.topic() + DLT_SUFFIX;
        context.forward(new Record<Object, Object>(record.key(), new DeadLetter(topic, origin.partition(), record.value()),
                record.timestamp(), headers), SINK);
        metrics.deadLettered(origin.topic());
        log.warn("dead-lettered {} (key {}) to {}: {}", origin, record.key(), topic, reason.toString());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
