package io.looklook.tools;

import io.looklook.platform.security.JwtTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code token --user-id N}: a JWT the local stack accepts, signed with the local profile's secret (which works
 * nowhere else). Another secret comes only from the environment, never from a flag that would land in shell history.
 */
@Command(name = "token", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print a JWT for the local profile (HS256, claim jwtUserId), for curl -H \"Authorization: Bearer ...\".",
                "Signed with the local profile's secret, or with $LOOKLOOK_JWT_SECRET when set."})
final class TokenCommand implements Callable<Integer> {

    static final String LOCAL_PROPERTIES = "looklook-platform-local.properties";

    @Spec
    CommandSpec spec;

    @Option(names = "--user-id", required = true, paramLabel = "N", description = "the user the token speaks for (> 0)")
    long userId;

    @Option(names = "--scope", paramLabel = "SCOPE", description = "a scope to grant, e.g. catalog:write or scheduler:admin (repeatable)")
    List<String> scopes = List.of();

    @Option(names = "--ttl", defaultValue = "PT12H", paramLabel = "DURATION", description = "validity, ISO-8601 (default: ${DEFAULT-VALUE})")
    Duration ttl;

    @Override
    public Integer call() {
        if (userId <= 0) {
            throw new ParameterException(spec.commandLine(), "--user-id must be a positive user id, not " + userId);
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new ParameterException(spec.commandLine(), "--ttl must be positive, not " + ttl);
        }
        String secret = System.getenv("LOOKLOOK_JWT_SECRET");
        spec.commandLine().getOut().println(new JwtTokens(secret != null ? secret : localSecret())
                .forUser(userId, ttl, scopes.toArray(String[]::new)));
        spec.commandLine().getOut().flush();
        return 0;
    }

    static String localSecret() {
        try (InputStream in = TokenCommand.class.getClassLoader().getResourceAsStream(LOCAL_PROPERTIES)) {
            if (in == null) {
                throw new ToolFailure(LOCAL_PROPERTIES + " is not on the classpath: set LOOKLOOK_JWT_SECRET");
            }
            Properties local = new Properties();
            local.load(in);
            return local.getProperty("looklook.jwt.secret");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
