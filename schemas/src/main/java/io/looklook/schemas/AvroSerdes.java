package io.looklook.schemas;

import io.apicurio.registry.resolver.SchemaResolverConfig;
import io.apicurio.registry.serde.AbstractKafkaSerializer;
import io.apicurio.registry.serde.Legacy4ByteIdHandler;
import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.strategy.QualifiedRecordIdStrategy;
import io.apicurio.registry.serde.data.KafkaSerdeMetadata;
import io.apicurio.registry.serde.data.KafkaSerdeRecord;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * The one serde configuration every service uses: Avro in the Confluent wire format (magic byte 0 + 4-byte
 * schema id, the registry's content id) so a consumer that knows only the registry's Confluent-compatible API
 * can decode every record. One subject per record type (its full name), because several event types share a topic.
 */
public final class AvroSerdes {

    /**
     * How long a schema looked up in the registry is used before it is looked up again. A schema id always names the
     * same schema (and a schema keeps its id), so the lookups only matter if the registry was rebuilt; an expired
     * entry is kept when the registry cannot be reached (fault-tolerant refresh): a service that has used a schema
     * keeps producing and consuming it through a registry outage.
     */
    public static final Duration SCHEMA_CACHE_LIFETIME = Duration.ofHours(24);

    /** Packages whose generated classes Avro may instantiate when decoding (Avro 1.12 refuses others). */
    public static final String TRUSTED_PACKAGES = "io.looklook";

    private static boolean trusted;

    static {
        trustGeneratedPackages();
    }

    private AvroSerdes() {
    }

    /** The registry's v2 API base, e.g. {@code http://127.0.0.1:8085} -> {@code http://127.0.0.1:8085/apis/registry/v2}. */
    public static String apiUrl(String registryBaseUrl) {
        return stripSlash(registryBaseUrl) + "/apis/registry/v2";
    }

    public static Map<String, Object> serializerConfig(String registryBaseUrl) {
        return serializerConfig(registryBaseUrl, Map.of());
    }

    /**
     * {@code clientSettings}: the registry client's own settings (credentials, TLS), e.g. {@code apicurio.auth.username}.
     *
     * <p>A serializer does not register schemas: they are registered before anything runs ({@link RegistryContract},
     * {@code looklook schemas register}), so a reader can be built before the first event of a type, and a producer
     * whose schema is not in the registry (or was refused there as incompatible) fails at its warm-up instead of
     * publishing a version nobody agreed to. It looks its schema up by content (canonical form): the id it writes is
     * that of exactly the schema its records are written with.
     */
    public static Map<String, Object> serializerConfig(String registryBaseUrl, Map<String, ?> clientSettings) {
        Map<String, Object> config = common(registryBaseUrl, clientSettings);
        config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, false);
        config.put(SerdeConfig.FIND_LATEST_ARTIFACT, false);
        return config;
    }

    public static Map<String, Object> deserializerConfig(String registryBaseUrl) {
        return deserializerConfig(registryBaseUrl, Map.of());
    }

    public static Map<String, Object> deserializerConfig(String registryBaseUrl, Map<String, ?> clientSettings) {
        Map<String, Object> config = common(registryBaseUrl, clientSettings);
        config.put(AvroKafkaSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
        return config;
    }

    /** A value serializer, already configured. */
    public static <T> AvroKafkaSerializer<T> valueSerializer(String registryBaseUrl) {
        return valueSerializer(registryBaseUrl, Map.of());
    }

    public static <T> AvroKafkaSerializer<T> valueSerializer(String registryBaseUrl, Map<String, ?> clientSettings) {
        AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>();
        serializer.configure(serializerConfig(registryBaseUrl, clientSettings), false);
        return serializer;
    }

    /**
     * A value deserializer that returns the generated classes, already configured. A record it cannot decode because
     * the registry is unreachable or failing throws {@link RegistryUnavailableException} (retry it later); a record
     * whose schema id the registry does not know throws a {@link SerializationException} (it never will decode).
     */
    public static <T> Deserializer<T> valueDeserializer(String registryBaseUrl) {
        return valueDeserializer(registryBaseUrl, Map.of());
    }

    public static <T> Deserializer<T> valueDeserializer(String registryBaseUrl, Map<String, ?> clientSettings) {
        AvroKafkaDeserializer<T> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(deserializerConfig(registryBaseUrl, clientSettings), false);
        return new Deserializer<>() {
            @Override
            public T deserialize(String topic, byte[] data) {
                try {
                    return deserializer.deserialize(topic, data);
                } catch (RuntimeException e) {
                    throw translate(e);
                }
            }

            @Override
            public T deserialize(String topic, Headers headers, byte[] data) {
                try {
                    return deserializer.deserialize(topic, headers, data);
                } catch (RuntimeException e) {
                    throw translate(e);
                }
            }

            @Override
            public void close() {
                deserializer.close();
            }
        };
    }

    private static RuntimeException translate(RuntimeException e) {
        if (RegistryFailures.isUnavailable(e)) {
            return new RegistryUnavailableException(RegistryFailures.describe(e));
        }
        if (RegistryFailures.isRefusal(e)) {
            return new SerializationException(RegistryFailures.describe(e) + ": the record's schema id is unknown");
        }
        return e;
    }

    /**
     * Looks up the id of each of {@code schemas} through {@code serializer}, so that its later records need no registry
     * round trip: a service that warmed up at start keeps producing through a registry outage. Throws what the
     * registry's client throws (see {@link RegistryFailures}): a refusal (404) for a schema that is not registered.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void resolveAll(AbstractKafkaSerializer<Schema, ?> serializer, Collection<Schema> schemas) {
        for (Schema schema : schemas) {
            // the resolver only reads the record's schema (the artifact is named after it), never its fields
            serializer.getSchemaResolver().resolveSchema(new KafkaSerdeRecord(
                    new KafkaSerdeMetadata("schema-warm-up", false, null), new GenericData.Record(schema)));
        }
    }

    private static Map<String, Object> common(String registryBaseUrl, Map<String, ?> clientSettings) {
        Map<String, Object> config = new HashMap<>(clientSettings); // the wire format's settings below always win
        config.put(SchemaResolverConfig.CHECK_PERIOD_MS, SCHEMA_CACHE_LIFETIME.toMillis());
        config.put(SchemaResolverConfig.FAULT_TOLERANT_REFRESH, true);
        config.put(SerdeConfig.REGISTRY_URL, apiUrl(registryBaseUrl));
        config.put(SerdeConfig.ENABLE_HEADERS, false);            // the id goes in the payload, not in headers
        config.put(SerdeConfig.ID_HANDLER, Legacy4ByteIdHandler.class.getName()); // 4-byte id: the Confluent layout
        config.put(SerdeConfig.USE_ID, "contentId");               // the id /apis/ccompat/v7/schemas/ids/{id} resolves
        config.put(SerdeConfig.ARTIFACT_RESOLVER_STRATEGY, QualifiedRecordIdStrategy.class.getName());
        return config;
    }

    /**
     * Avro 1.12 decodes only into classes it trusts; this adds the generated {@code io.looklook.*} classes to the
     * global validator (a system property would be read too late if Avro was initialised first). Idempotent.
     */
    public static synchronized void trustGeneratedPackages() {
        if (trusted) {
            return;
        }
        ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous,
                type -> type.getName().startsWith(TRUSTED_PACKAGES + ".")));
        trusted = true;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
