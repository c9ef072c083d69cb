package io.looklook.scheduler.config;

import java.time.Duration;
import java.util.Set;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code looklook.scheduler.*}: see application.yml for the defaults and why.
 *
 * @param stateDir where the RocksDB stores live (keep it across restarts: a clean restart then restores only the
 *                 changelog's tail)
 * @param instanceId this instance's stable identity in the group (static membership): a restarted instance with the
 *                   same id takes its tasks straight back, without waiting for its old self's session to expire
 * @param retryMaxInterval input records that cannot be decoded while the registry is away wait, retried from 200 ms
 *                   doubling up to this
 * @param stuckAfter readiness goes DOWN once an input has held records this long
 * @param rocksdbMemory the off-heap budget every RocksDB store of the process shares (block cache, index and filter
 *                   blocks, memtables)
 * @param rocksdbWriteBuffers the memtables' share of {@code rocksdbMemory}
 * @param replicationFactor replicas of the stores' changelogs and repartition topics: 3 in production (a broker lost
 *                   loses no timer), 1 on one broker
 * @param allowLowReplication must be true to start with fewer than 3 replicas (the local profile and the tests' single
 *                   broker say so); without it the scheduler refuses to start
 */
@ConfigurationProperties("looklook.scheduler")
public record SchedulerProperties(String applicationId, String stateDir, Duration tick, int firesPerTick,
                                  Duration lateAfter, Duration commitInterval, Duration maxDelay, int maxPayloadBytes,
                                  int maxIdLength, Set<String> allowedTargets, int streamThreads, int standbyReplicas,
                                  long acceptableRecoveryLag, int replicationFactor, String instanceId,
                                  Duration retryMaxInterval, Duration stuckAfter, DataSize rocksdbMemory,
                                  DataSize rocksdbWriteBuffers, boolean allowLowReplication) {

    static final int SAFE_REPLICATION = 3;

    public SchedulerProperties {
        if (replicationFactor < SAFE_REPLICATION && !allowLowReplication) {
            throw new IllegalArgumentException("looklook.scheduler.replication-factor is " + replicationFactor + ", below "
                    + SAFE_REPLICATION + ": one broker lost would lose the timers of its partitions. Set "
                    + "looklook.scheduler.allow-low-replication=true to run on fewer brokers (the local profile does)");
        }
        rocksdbMemory = rocksdbMemory == null ? DataSize.ofMegabytes(256) : rocksdbMemory;
        rocksdbWriteBuffers = rocksdbWriteBuffers == null ? DataSize.ofMegabytes(64) : rocksdbWriteBuffers;
    }
}
