package io.looklook.tools;

import io.looklook.platform.security.JwtTokens;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code payments}: operators' commands against payment-service's admin API. */
@Command(name = "payments", mixinStandardHelpOptions = true, description = "Operators' payment commands (payment-service's admin API).",
        subcommands = PaymentsCommand.Reconcile.class)
final class PaymentsCommand {

    /** Exit code of a reconciliation that left differences for a person (0: none left, 1: it could not run). */
    static final int DIFFERENCES_LEFT = 3;

    @Command(name = "reconcile", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Reconcile a business day with the gateway's trade bill, now: repairs what the gateway has and the",
                    "ledger lacks (a lost notification), prints every difference. Safe to run again. Exit code 0 when nothing",
                    "is left to settle, " + DIFFERENCES_LEFT + " when differences are left for a person, 1 when it could not run.",
                    "The token is $LOOKLOOK_TOKEN (an operator's, with payments:admin); without it, an operator token is signed",
                    "with the local profile's key, which only the local stack accepts."})
    static final class Reconcile implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "the business day (Asia/Shanghai)")
        LocalDate date;

        @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:LOOKLOOK_API_URL:-http://127.0.0.1:8888}",
                description = "the gateway, or payment-service itself (default: $LOOKLOOK_API_URL, else ${DEFAULT-VALUE})")
        URI url;

        @Option(names = "--json", description = "print the report as payment-service answered it")
        boolean json;

        @Override
        public Integer call() throws IOException, InterruptedException {
            String token = System.getenv("LOOKLOOK_TOKEN");
            if (token == null || token.isBlank()) {
                token = JwtTokens.signingWithFirstKeyOf(TokenCommand.localKeys())
                        .forUser(1, Duration.ofMinutes(5), JwtTokens.PAYMENTS_ADMIN_SCOPE);
            }
            HttpRequest request = HttpRequest.newBuilder(url.resolve("/payment/v1/admin/reconciliation"))
                    .timeout(Duration.ofMinutes(10))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"date\":\"" + date + "\"}")).build();
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode envelope = envelope(response);
            PrintWriter out = spec.commandLine().getOut();
            JsonNode report = envelope.path("data");
            out.println(json ? report.toString() : ReconciliationReport.format(report));
            out.flush();
            return report.path("unresolved").asLong() == 0 ? 0 : DIFFERENCES_LEFT;
        }

        private static JsonNode envelope(HttpResponse<String> response) {
            JsonNode body;
            try {
                body = JsonMapper.shared().readTree(response.body());
            } catch (RuntimeException notJson) {
                throw new ToolFailure("payment-service answered " + response.statusCode() + " without the looklook envelope");
            }
            if (response.statusCode() != 200 || body.path("code").asInt() != 200) {
                throw new ToolFailure("payment-service answered " + response.statusCode() + " (code " + body.path("code").asInt()
                        + "): " + body.path("msg").asString());
            }
            return body;
        }
    }
}
