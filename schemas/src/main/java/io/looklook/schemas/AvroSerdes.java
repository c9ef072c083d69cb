package io.looklook.schemas;

import io.apicurio.registry.serde.Legacy4ByteIdHandler;
import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.strategy.QualifiedRecordIdStrategy;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * The one serde configuration every service uses: Avro in the Confluent wire format (magic byte 0 + 4-byte
 * schema id, the registry's content id) so a consumer that knows only the registry's Confluent-compatible API
 * can decode every record. One subject per record type (its full name), because several event types share a topic.
 */
public final class AvroSerdes {

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
        Map<String, Object> config = common(registryBaseUrl);
        config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
        config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT_IF_EXISTS, "RETURN_OR_UPDATE");
        return config;
    }

    public static Map<String, Object> deserializerConfig(String registryBaseUrl) {
        Map<String, Object> config = common(registryBaseUrl);
        config.put(AvroKafkaSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
        return config;
    }

    /** A value serializer, already configured. */
    public static <T> AvroKafkaSerializer<T> valueSerializer(String registryBaseUrl) {
        AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>();
        serializer.configure(serializerConfig(registryBaseUrl), false);
        return serializer;
    }

    /** A value deserializer that returns the generated classes, already configured. */
    public static <T> AvroKafkaDeserializer<T> valueDeserializer(String registryBaseUrl) {
        AvroKafkaDeserializer<T> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(deserializerConfig(registryBaseUrl), false);
        return deserializer;
    }

    private static Map<String, Object> common(String registryBaseUrl) {
        Map<String, Object> config = new HashMap<>();
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
