package io.looklook.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Apicurio Registry 2.6 server (Confluent-compatible API under {@code /apis/ccompat/v7}), run as its own
 * process from the jar the infra build unpacks into {@code infra/target/registry}.
 * With a data directory its H2 database is a file, so schema ids survive a restart (replay depends on that).
 */
public final class RegistryServer {

    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";
    public static final String V2_PATH = "/apis/registry/v2";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private RegistryServer() {
    }

    /** The runner jar under {@code <root>/infra/target/registry}, where the infra module's build unpacks it. */
    public static Path runnerJar(Path projectRoot) {
        Path dir = projectRoot.resolve("infra/target/registry");
        try (Stream<Path> files = Files.walk(dir, 3)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no registry runner jar under " + dir
                            + ": build the infra module first (./mvnw -pl infra package)"));
        } catch (IOException e) {
            throw new IllegalStateException("registry not unpacked at " + dir + ": build the infra module first", e);
        }
    }

    /**
     * Starts the registry as a child process. {@code dataDir} null means in-memory storage (tests that need no
     * restart); otherwise a file H2 database under it.
     */
    public static Process start(Path runnerJar, int port, int managementPort, Path dataDir, Path logFile) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaExecutable(), "-Xmx384m",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + managementPort,
                "-Dquarkus.log.level=WARN", "-Dquarkus.banner.enabled=false",
                "-jar", runnerJar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        if (dataDir != null) {
            Files.createDirectories(dataDir);
            pb.environment().put("REGISTRY_DATASOURCE_URL", "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("registry"));
        }
        return pb.start();
    }

    public static void awaitReady(String baseUrl, Process process, Duration timeout) throws InterruptedException {
        awaitReady(baseUrl, process, timeout, null);
    }

    /** As above; when the process exits during start-up, the exception carries the end of {@code logFile}. */
    public static void awaitReady(String baseUrl, Process process, Duration timeout, Path logFile) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("registry exited with code " + process.exitValue() + " during start-up"
                        + (logFile == null ? "" : "; the end of " + logFile + ":\n" + tail(logFile, 40)));
            }
            if (isUp(baseUrl)) {
                return;
            }
            Thread.sleep(100); // polling a child process during start-up; there is nothing to wait on
        }
        throw new IllegalStateException("registry at " + baseUrl + " not ready within " + timeout);
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    public static boolean isUp(String baseUrl) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + V2_PATH + "/system/info"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Makes BACKWARD_TRANSITIVE the registry-wide compatibility rule: engineers replay from offset 0, so today's
     * reader must read every past version. Idempotent.
     */
    public static void enforceBackwardTransitive(String baseUrl) throws IOException, InterruptedException {
        String body = "{\"type\":\"COMPATIBILITY\",\"config\":\"BACKWARD_TRANSITIVE\"}";
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + V2_PATH + "/admin/rules"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() / 100 == 2) {
            return;
        }
        HttpResponse<String> updated = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + V2_PATH + "/admin/rules/COMPATIBILITY"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (updated.statusCode() / 100 != 2) {
            throw new IOException("could not set the compatibility rule: HTTP " + updated.statusCode() + " " + updated.body());
        }
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java -cp ... io.looklook.infra.RegistryServer rules <baseUrl>}: used by infra/stack after start-up. */
    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("rules")) {
            enforceBackwardTransitive(args[1]);
            System.out.println("registry: compatibility BACKWARD_TRANSITIVE");
            return;
        }
        System.err.println("usage: RegistryServer rules <baseUrl>");
        System.exit(2);
    }
}
