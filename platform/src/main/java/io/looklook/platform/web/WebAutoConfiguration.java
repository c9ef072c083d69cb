package io.looklook.platform.web;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ResourceBundleMessageInterpolator;
import org.springframework.boot.validation.autoconfigure.ValidationConfigurationCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The envelope error handler, strict JSON binding (a wrong-typed value is an error, not a silent coercion), the
 * in-flight limit that sheds load instead of queueing it, and the deadline every request is answered by.
 */
@AutoConfiguration
public class WebAutoConfiguration {

    @Bean
    ApiErrorHandler apiErrorHandler(JsonMapper jsonMapper) {
        return new ApiErrorHandler(jsonMapper);
    }

    @Bean
    InFlightLimit inFlightLimit(JsonMapper jsonMapper, @Value("${looklook.web.max-in-flight:512}") int maxInFlight) {
        return new InFlightLimit(maxInFlight, jsonMapper);
    }

    @Bean
    RequestDeadline requestDeadline(@Value("${looklook.web.request-timeout:1800ms}") Duration timeout) {
        return new RequestDeadline(timeout);
    }

    /**
     * Validation messages read once, at start-up: by default Hibernate Validator loads its message bundles from the
     * jars at the first violation of each kind, and request bodies are validated on the event loop (BlockHound caught
     * the file reads). Messages stay the same: the same bundles, the JVM's locale (WebFlux binds no request locale).
     */
    @Bean
    ValidationConfigurationCustomizer preloadedValidationMessages() {
        Locale locale = Locale.getDefault();
        return configuration -> configuration.messageInterpolator(new ResourceBundleMessageInterpolator(
                Set.of(locale, Locale.ROOT), locale, context -> locale, true));
    }

    @Bean
    JsonMapperBuilderCustomizer strictJsonBinding() {
        return builder -> builder
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .withCoercionConfig(LogicalType.Textual, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail));
    }
}
