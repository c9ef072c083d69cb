package io.looklook.platform.outbox;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The event types a service writes to its outbox. Declared by each service as a bean, so their schema ids are looked
 * up (registered if new) at start-up: from then on the service writes events without asking the registry, through
 * any registry outage, and a service started while the registry is away says it is not ready instead of failing its
 * first requests.
 */
public record EventSchemas(List<Schema> schemas) {

    public static EventSchemas of(Schema... schemas) {
        return new EventSchemas(List.of(schemas));
    }
}
