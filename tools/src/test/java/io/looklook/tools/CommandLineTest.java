package io.looklook.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.platform.security.JwtTokens;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/** The command line itself: help everywhere, picocli's exit codes, and the local token. No broker needed. */
class CommandLineTest {

    private static final List<List<String>> COMMANDS = List.of(List.of("topics"), List.of("tail"), List.of("timeline"),
            List.of("replay"), List.of("reset-group"), List.of("dlt"), List.of("dlt", "list"), List.of("dlt", "show"),
            List.of("dlt", "redrive"), List.of("token"), List.of("payments"), List.of("payments", "reconcile"));

    record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LooklookCli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void everyCommandHasHelp() {
        for (List<String> command : COMMANDS) {
            String[] args = Stream.concat(command.stream(), Stream.of("--help")).toArray(String[]::new);
            Run help = run(args);
            assertThat(help.exitCode()).as(command.toString()).isZero();
            assertThat(help.out()).as(command.toString()).contains("Usage: looklook " + String.join(" ", command));
        }
        assertThat(run("--help").out()).contains("topics", "tail", "timeline", "replay", "reset-group", "dlt", "token");
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(run("no-such-command").exitCode()).isEqualTo(2);
        assertThat(run("tail").exitCode()).isEqualTo(2);
        assertThat(run("token").exitCode()).isEqualTo(2);
        assertThat(run("token", "--user-id", "abc").exitCode()).isEqualTo(2);
        Run zero = run("token", "--user-id", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--user-id must be a positive user id");
    }

    @Test
    void tokenIsAValidLocalProfileJwtForTheUserWithItsScopes() {
        Run run = run("token", "--user-id", "7", "--scope", "catalog:write", "--ttl", "PT5M");

        assertThat(run.exitCode()).isZero();
        // checked with the public key alone, as a service checks it
        Jwt jwt = NimbusJwtDecoder.withPublicKey(publicKey(TokenCommand.localKeys())).build().decode(run.out().strip());
        assertThat(((Number) jwt.getClaim(JwtTokens.USER_ID_CLAIM)).longValue()).isEqualTo(7);
        assertThat(jwt.getClaimAsString("scope")).isEqualTo("catalog:write");
        assertThat(jwt.getExpiresAt()).isBetween(jwt.getIssuedAt().plusSeconds(299), jwt.getIssuedAt().plusSeconds(301));
    }

    private static java.security.interfaces.RSAPublicKey publicKey(com.nimbusds.jose.jwk.JWKSet keys) {
        try {
            return keys.getKeys().get(0).toRSAKey().toRSAPublicKey();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
