package io.looklook.scheduler.adapter.kafka;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;

/**
 * The scheduler's spans in the trace of whatever asked for a timer: one when a timer is set (a child of the request's
 * or the order event's {@code traceparent}), one when it fires (a child of the timer's stored one). The child's
 * {@code traceparent} is what the timer keeps and what the fired record and the feedback events carry, so the next
 * hop (order-service closing the order) hangs under the scheduler's span. A record without a trace stays without one:
 * the scheduler does not begin traces. Spans end at once: the time a timer waits is not work to show.
 */
public final class TimerTracing {

    /** No spans: the parent is passed on as it came (tests of the topology alone). */
    public static final TimerTracing NONE = new TimerTracing(Tracer.NOOP, Propagator.NOOP);

    private final Tracer tracer;
    private final Propagator propagator;

    public TimerTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** A timer was set from a record carrying {@code parent}: the traceparent the timer keeps. */
    String accepted(String parent, String scheduleId, String from) {
        return span(parent, "schedule " + from, Span.Kind.CONSUMER, scheduleId);
    }

    /** A timer fires: the traceparent its delivery and its ScheduleFired carry. */
    String fired(String parent, String scheduleId, String to) {
        return span(parent, "fire " + to, Span.Kind.PRODUCER, scheduleId);
    }

    private String span(String parent, String name, Span.Kind kind, String scheduleId) {
        if (parent == null || tracer == Tracer.NOOP) {
            return parent;
        }
        Span span = propagator.extract(Map.of(Timers.TRACEPARENT_HEADER, parent), Map::get).name(name).kind(kind)
                .tag("looklook.schedule.id", scheduleId).start();
        try {
            Map<String, String> carrier = new HashMap<>();
            propagator.inject(span.context(), carrier, Map::put);
            return carrier.getOrDefault(Timers.TRACEPARENT_HEADER, parent);
        } finally {
            span.end();
        }
    }
}
