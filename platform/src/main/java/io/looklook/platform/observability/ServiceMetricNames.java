package io.looklook.platform.observability;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.regex.Pattern;

/**
 * One naming style for every looklook metric: {@code looklook_<service>_<thing>_<unit>}. Code names its meters
 * {@code looklook.<thing>} with a base unit (the platform's outbox and consumer meters are the same code in every
 * service); this filter puts the service in, so the outbox backlog of order-service is
 * {@code looklook_order_outbox_backlog_records} and an operator can tell, and aggregate, each service's own.
 * Library meters (http, jvm, kafka, r2dbc) keep their well-known names, with the service as the scrape's job.
 */
public final class ServiceMetricNames implements MeterFilter {

    static final String PREFIX = "looklook.";
    private static final Pattern SERVICE = Pattern.compile("[a-z][a-z0-9_]*");

    private final String prefix;

    public ServiceMetricNames(String service) {
        if (!SERVICE.matcher(service).matches()) {
            throw new IllegalArgumentException("looklook.metrics.service must be a Prometheus name part ([a-z][a-z0-9_]*), not '"
                    + service + "'");
        }
        this.prefix = PREFIX + service + ".";
    }

    /** order-service -> order, delay-scheduler -> delay_scheduler: the service part of its metric names. */
    public static String serviceOf(String applicationName) {
        return applicationName.replaceFirst("-service$", "").replace('-', '_');
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String name = id.getName();
        if (!name.startsWith(PREFIX) || name.startsWith(prefix)) {
            return id;
        }
        return id.withName(prefix + name.substring(PREFIX.length()));
    }
}
