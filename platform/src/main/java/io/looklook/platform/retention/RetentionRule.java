package io.looklook.platform.retention;

import java.time.Duration;

/**
 * Rows of {@code table} whose {@code timeColumn} is more than {@code keep} in the past are deleted by
 * {@link RetentionPurge}. {@code utc} says how the column was written: by the application in UTC, or by the
 * database's own clock ({@code DEFAULT CURRENT_TIMESTAMP}, in the session's time zone). The column needs an index:
 * each purge batch is a range delete on it. Identifiers come from code, never from input.
 */
public record RetentionRule(String table, String timeColumn, Duration keep, boolean utc) {

    public RetentionRule {
        if (!table.matches("[a-z_]+") || !timeColumn.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a plain identifier: " + table + "." + timeColumn);
        }
        if (keep.isNegative()) {
            throw new IllegalArgumentException("a negative retention for " + table + ": " + keep);
        }
    }

    /** One batch: at most {@code :limit} rows past the retention, by the database's clock. */
    String deleteBatchSql() {
        return "DELETE FROM " + table + " WHERE " + timeColumn + " < " + (utc ? "UTC_TIMESTAMP(3)" : "NOW(3)")
                + " - INTERVAL (:keepMs * 1000) MICROSECOND LIMIT :limit";
    }
}
