package io.looklook.scheduler.adapter.kafka;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * One off-heap budget for every RocksDB store of the process (Kafka Streams' bounded-memory recipe). By default
 * each store instance takes its own 50 MB block cache and up to three 16 MB memtables, and the scheduler has two
 * stores per task: with many tasks the process grows past any container limit, and only the kernel stops it. Here
 * all stores share one LRU cache of {@value #TOTAL_BYTES_CONFIG} bytes, which also holds their index and filter
 * blocks and, through a write-buffer manager, their memtables ({@value #WRITE_BUFFER_BYTES_CONFIG} of it). The
 * container's limit is then heap + this budget + the JVM's own overhead.
 *
 * <p>Kafka Streams instantiates the setter per store, so the shared objects live in static fields, made on first use
 * from the Streams config and never closed by a store (every store uses them; they live as long as the process).
 */
public class BoundedRocksDbMemory implements RocksDBConfigSetter {

    /** Streams config keys (in the Streams config map, passed to every store's setter). */
    public static final String TOTAL_BYTES_CONFIG = "looklook.rocksdb.total-bytes";
    public static final String WRITE_BUFFER_BYTES_CONFIG = "looklook.rocksdb.write-buffer-bytes";
    /** Share of the cache kept for index and filter blocks, so data blocks cannot push them out. */
    private static final double INDEX_FILTER_RATIO = 0.1;

    private static Cache cache;
    private static WriteBufferManager writeBuffers;
    private static long total;
    private static long writeBufferTotal;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        shared(bytes(configs, TOTAL_BYTES_CONFIG), bytes(configs, WRITE_BUFFER_BYTES_CONFIG));
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(writeBuffers);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write-buffer manager are shared by every store: not closed with one of them
    }

    /** The budget in force (bytes): total, and the memtables' share of it. */
    public static synchronized long[] budget() {
        return new long[] {total, writeBufferTotal};
    }

    private static synchronized void shared(long totalBytes, long writeBufferBytes) {
        if (cache != null) {
            return;
        }
        if (writeBufferBytes >= totalBytes) {
            throw new IllegalArgumentException(WRITE_BUFFER_BYTES_CONFIG + " (" + writeBufferBytes + ") must be below "
                    + TOTAL_BYTES_CONFIG + " (" + totalBytes + "): the memtables are charged to the one cache");
        }
        total = totalBytes;
        writeBufferTotal = writeBufferBytes;
        // -1: RocksDB picks the shard count; false: an insert into a full cache evicts rather than fails
        cache = new LRUCache(totalBytes, -1, false, INDEX_FILTER_RATIO);
        writeBuffers = new WriteBufferManager(writeBufferBytes, cache);
    }

    private static long bytes(Map<String, Object> configs, String key) {
        Object value = configs.get(key);
        if (value == null) {
            throw new IllegalStateException(key + " is not in the Streams config");
        }
        return value instanceof Number n ? n.longValue() : Long.parseLong(value.toString());
    }
}
