package io.looklook.tools;

import com.nimbusds.jose.jwk.JWKSet;
import io.looklook.platform.security.JwtTokens;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code token --user-id N}: a JWT the local stack accepts, signed with the local profile's user-center key (which
 * works nowhere else). Another key set comes only from a file named in the environment, never from a flag.
 */
@Command(name = "token", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print a JWT for the local stack (RS256, claim jwtUserId), for curl -H \"Authorization: Bearer ...\".",
                "Signed with the local profile's user-center key, or with the first key of the JWK set in the file",
                "$LOOKLOOK_SIGNING_KEYS_FILE when set. Users of a real deployment log in through the user center instead."})
final class TokenCommand implements Callable<Integer> {

    static final String LOCAL_KEYS = "local/signing-keys.jwks.json";

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
        String file = System.getenv("LOOKLOOK_SIGNING_KEYS_FILE");
        JwtTokens tokens = JwtTokens.signingWithFirstKeyOf(file != null ? keysIn(Path.of(file)) : localKeys());
        spec.commandLine().getOut().println(tokens.forUser(userId, ttl, scopes.toArray(String[]::new)));
        spec.commandLine().getOut().flush();
        return 0;
    }

    static JWKSet localKeys() {
        try (InputStream in = TokenCommand.class.getClassLoader().getResourceAsStream(LOCAL_KEYS)) {
            if (in == null) {
                throw new ToolFailure(LOCAL_KEYS + " is not on the classpath: set LOOKLOOK_SIGNING_KEYS_FILE");
            }
            return JWKSet.load(in);
        } catch (IOException | ParseException e) {
            throw new ToolFailure("cannot read the local signing key: " + e.getMessage());
        }
    }

    private static JWKSet keysIn(Path file) {
        try {
            return JWKSet.parse(Files.readString(file));
        } catch (IOException | ParseException e) {
            throw new ToolFailure("cannot read the JWK set in $LOOKLOOK_SIGNING_KEYS_FILE (" + file + "): " + e.getMessage());
        }
    }
}
