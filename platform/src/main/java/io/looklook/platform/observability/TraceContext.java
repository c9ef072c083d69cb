package io.looklook.platform.observability;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;

/**
 * The W3C {@code traceparent} of the current span, to store with an outbox row so the trace of the request that
 * caused an event continues in whoever consumes it. Outside any span (start-up jobs) a new trace is begun.
 */
public class TraceContext {

    public static final String TRACEPARENT = "traceparent";

    private final Tracer tracer;
    private final Propagator propagator;

    public TraceContext(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    public String currentTraceparent() {
        Span span = tracer.currentSpan();
        Span used = span != null ? span : tracer.nextSpan();
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(used.context(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }
}
