package io.looklook.platform.openapi;

import io.looklook.platform.error.ErrorCode;
import io.looklook.platform.security.JwtProperties;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.AntPathMatcher;

/**
 * Every service's OpenAPI document made usable by a client generator: its title and description
 * ({@code looklook.api.*}), the bearer scheme on every route that needs a token (all but the service's public
 * paths), and the error envelope with looklook's codes on every route.
 */
@AutoConfiguration
@EnableConfigurationProperties(ApiDocsProperties.class)
public class OpenApiAutoConfiguration {

    static final String BEARER = "bearerAuth";
    static final String ERROR = "ErrorEnvelope";

    @Bean
    OpenAPI looklookOpenApi(ApiDocsProperties docs) {
        return new OpenAPI()
                .info(new Info().title(docs.title() != null ? docs.title() : "looklook")
                        .description((docs.description() != null ? docs.description() + "\n\n" : "")
                                + "Every answer is looklook's envelope `{\"code\":200,\"msg\":\"OK\",\"data\":...}`; errors are "
                                + "`{\"code\":...,\"msg\":...}` with these codes: " + codes() + ".")
                        .version("v1"))
                .components(new Components());
    }

    @Bean
    OpenApiCustomizer looklookErrorsAndSecurity(JwtProperties jwt) {
        AntPathMatcher paths = new AntPathMatcher();
        List<String> open = new ArrayList<>(jwt.publicPaths());
        // added after springdoc built the document: schemas set on the OpenAPI bean are replaced by the scanned ones
        return api -> {
            Components components = api.getComponents() != null ? api.getComponents() : new Components();
            api.setComponents(components.addSchemas(ERROR, envelope())
                    .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                            .bearerFormat("JWT").description("a token from the user center (login or register), RS256, "
                                    + "claim jwtUserId")));
            addSecurityAndErrors(api, paths, open);
        };
    }

    private static Schema<?> envelope() {
        return new ObjectSchema()
                .description("looklook's error envelope; data is absent")
                .addProperty("code", new IntegerSchema().description("looklook's error code")
                        ._enum(Arrays.stream(ErrorCode.values()).filter(c -> c != ErrorCode.OK).map(ErrorCode::code).toList()))
                .addProperty("msg", new StringSchema().description("what went wrong, naming the field; no internals"))
                .required(List.of("code", "msg"));
    }

    private static void addSecurityAndErrors(OpenAPI api, AntPathMatcher paths, List<String> open) {
        api.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
            boolean needsToken = open.stream().noneMatch(pattern -> paths.match(pattern, path))
                    || paths.match("/*/v1/admin/**", path);
            if (needsToken) {
                operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
            }
            addErrors(operation, needsToken);
        }));
    }

    private static void addErrors(Operation operation, boolean needsToken) {
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        errors.put("400", "invalid parameter (100002): malformed JSON, a wrong type, a value out of range, named in msg");
        if (needsToken) {
            errors.put("401", "no token, or an expired, forged or unusable one (100003)");
            errors.put("403", "the token lacks the scope the route needs (100009)");
        }
        errors.put("404", "an unknown id (100007)");
        errors.put("409", "a conflict with the current state (100008)");
        errors.put("503", "a dependency is away or the request took too long (100001, 100005): retry after Retry-After");
        errors.forEach((status, description) -> {
            if (operation.getResponses() != null && operation.getResponses().get(status) == null) {
                operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
                        .content(new Content().addMediaType("application/json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ERROR)))));
            }
        });
    }

    private static String codes() {
        return Arrays.stream(ErrorCode.values()).filter(c -> c != ErrorCode.OK)
                .map(c -> c.code() + " " + c.defaultMessage()).collect(Collectors.joining("; "));
    }
}
