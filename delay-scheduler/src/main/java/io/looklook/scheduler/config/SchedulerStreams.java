package io.looklook.scheduler.config;

import io.looklook.scheduler.adapter.kafka.BoundedRocksDbMemory;
import io.looklook.scheduler.adapter.kafka.RestoreProgress;
import io.looklook.scheduler.adapter.kafka.SchedulerMetrics;
import io.looklook.scheduler.adapter.kafka.TimerTracing;
import io.looklook.scheduler.adapter.kafka.SchedulerSettings;
import io.looklook.scheduler.adapter.kafka.SchedulerTopology;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.looklook.order.CloseOrderRequested;
import io.looklook.schemas.AvroSerdes;
import io.looklook.schemas.RegistryWarmUp;
import io.looklook.scheduler.ScheduleAccepted;
import io.looklook.scheduler.ScheduleCancelRequested;
import io.looklook.scheduler.ScheduleCancelled;
import io.looklook.scheduler.ScheduleFireNowRequested;
import io.looklook.scheduler.ScheduleFired;
import io.looklook.scheduler.ScheduleNotFound;
import io.looklook.scheduler.ScheduleRejected;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the scheduler topology: exactly-once (fire, delete, feedback and input offsets in one transaction), a short
 * poll so an idle thread does not hold up the wall-clock punctuator, and a short commit interval because output
 * under exactly-once is visible only at commit. The producer keeps Streams' linger: a commit flushes it anyway, and
 * sending every record on its own multiplied the broker's work. Several stream threads commit in parallel: a
 * thread spends most of its time waiting for its transaction's round trips, not computing.
 */
public class SchedulerStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SchedulerStreams.class);

    /** Every record type the scheduler writes: their ids are resolved before it starts. */
    private static final List<Schema> FEEDBACK = List.of(CloseOrderRequested.getClassSchema(),
            ScheduleAccepted.getClassSchema(), ScheduleFired.getClassSchema(), ScheduleCancelled.getClassSchema(),
            ScheduleNotFound.getClassSchema(), ScheduleRejected.getClassSchema());
    private static final List<Schema> ADMIN_REQUESTS = List.of(ScheduleCancelRequested.getClassSchema(),
            ScheduleFireNowRequested.getClassSchema());

    private final KafkaStreams streams;
    private final AvroKafkaSerializer<SpecificRecord> encoder;
    private final AvroKafkaSerializer<Object> adminSerializer;
    private volatile boolean running;
    private volatile String waitingForRegistry;
    private Thread starter;

    /** {@code kafkaClient}: the brokers and the clients' own settings (security), as spring.kafka.* builds them. */
    public SchedulerStreams(SchedulerProperties props, SchedulerSettings settings, Map<String, Object> kafkaClient,
                            RegistryClientProperties registry, String applicationServer, SchedulerMetrics metrics,
                            RestoreProgress restoreProgress, AvroKafkaSerializer<Object> adminSerializer, TimerTracing tracing) {
        Deserializer<Object> decoder = AvroSerdes.valueDeserializer(registry.url(), registry.properties());
        this.encoder = AvroSerdes.valueSerializer(registry.url(), registry.properties());
        this.adminSerializer = adminSerializer;
        Properties config = new Properties();
        config.putAll(kafkaClient);
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, props.applicationId());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, props.stateDir());
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, props.commitInterval().toMillis());
        config.put(StreamsConfig.POLL_MS_CONFIG, Math.max(1, props.tick().toMillis() / 2));
        config.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, props.standbyReplicas());
        config.put(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG, props.acceptableRecoveryLag());
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, props.replicationFactor());
        config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, props.streamThreads());
        config.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        config.put(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, props.rocksdbMemory().toBytes());
        config.put(BoundedRocksDbMemory.WRITE_BUFFER_BYTES_CONFIG, props.rocksdbWriteBuffers().toBytes());
        if (props.instanceId() != null && !props.instanceId().isBlank()) {
            // static membership: after a crash the restarted instance replaces its dead self at once (a dynamic member
            // would first wait for the dead one's session to time out, 45 s, before the group could rebalance)
            config.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), props.instanceId());
        }
        streams = new KafkaStreams(SchedulerTopology.build(settings, decoder, encoder, metrics, tracing), config);
        streams.setGlobalStateRestoreListener(restoreProgress);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("stream thread failed; replacing it (its tasks restart from the last commit)", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    public KafkaStreams streams() {
        return streams;
    }

    /**
     * Starts the streams once the schema ids of everything the scheduler writes are resolved (retried with back-off
     * while the registry cannot be asked; not ready meanwhile, and no input is consumed). From then on firing needs
     * the registry no more: a timer fires on time through a registry outage.
     */
    @Override
    public void start() {
        running = true;
        starter = new Thread(() -> {
            RegistryWarmUp.FailureReport report = (attempt, nextIn, reason) -> {
                waitingForRegistry = reason;
                log.warn("the scheduler starts once its event schemas' ids are known: {} (attempt {}, next in {} ms)",
                        reason, attempt, nextIn.toMillis());
            };
            if (RegistryWarmUp.resolve(encoder, FEEDBACK, () -> running, report)
                    && RegistryWarmUp.resolve(adminSerializer, ADMIN_REQUESTS, () -> running, report) && running) {
                waitingForRegistry = null;
                streams.start();
            }
        }, "scheduler-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** Why the streams have not started yet, or null. */
    public String waitingForRegistry() {
        return waitingForRegistry;
    }

    /**
     * A clean close writes the checkpoints (the next start restores only the changelog tail) and leaves the group, so
     * the tasks move at once: to the other instances when scaling in, or straight back when this one restarts.
     */
    @Override
    public void stop() {
        running = false;
        try {
            starter.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(30)));
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
