package io.looklook.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * A connection left hanging by a cancelled query comes back: the server closes it once idle for wait_timeout (set on
 * every connection of the pool), and the pool retires idle connections before that, so it never hands out one the
 * server already closed.
 */
class ConnectionSettingsIT extends PlatformIT {

    @Value("${spring.r2dbc.pool.max-idle-time}")
    Duration poolMaxIdle;

    @Test
    void theServerClosesAnAbandonedConnectionAndThePoolRetiresIdleOnesFirst() {
        Long waitTimeout = db.sql("SELECT @@session.wait_timeout AS w").map(r -> r.get("w", Long.class)).one().block();

        assertThat(waitTimeout).isEqualTo(120L);
        assertThat(poolMaxIdle).isLessThan(Duration.ofSeconds(waitTimeout));
    }
}
