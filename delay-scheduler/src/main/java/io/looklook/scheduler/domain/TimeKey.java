package io.looklook.scheduler.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Keys of the by-time store: 8-byte big-endian due time (epoch ms) followed by the schedule id. Non-negative
 * big-endian longs sort bytewise in numeric order, so a range scan from {@link #FIRST} to {@link #after(long)}
 * returns exactly the timers due by then, earliest first.
 */
public final class TimeKey {

    /** Lower bound of every key (due time 0, empty id). */
    public static final byte[] FIRST = new byte[Long.BYTES];

    private TimeKey() {
    }

    public static byte[] of(long dueAt, String scheduleId) {
        byte[] id = scheduleId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Long.BYTES + id.length).putLong(dueAt).put(id).array();
    }

    /**
     * An inclusive upper bound that admits every key due at or before {@code dueAt} and none after: the bare
     * 8-byte prefix of {@code dueAt + 1}, which sorts before every real key with that due time.
     */
    public static byte[] after(long dueAt) {
        return ByteBuffer.allocate(Long.BYTES).putLong(dueAt + 1).array();
    }

    /** An inclusive lower bound that admits every key due at or after {@code dueAt}: its bare 8-byte prefix. */
    public static byte[] atOrAfter(long dueAt) {
        return ByteBuffer.allocate(Long.BYTES).putLong(dueAt).array();
    }

    public static long dueAt(byte[] key) {
        return ByteBuffer.wrap(key).getLong();
    }

    public static String scheduleId(byte[] key) {
        return new String(key, Long.BYTES, key.length - Long.BYTES, StandardCharsets.UTF_8);
    }
}
