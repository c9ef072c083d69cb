package io.looklook.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * A service run as a real process from its packaged jar ({@code target/<name>.jar}, built before the integration
 * tests run), pointed at this JVM's {@link TestInfra}: for crash tests that {@code kill -9} it.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<String> command;
    private final Path log;
    private final int port;
    private volatile Process process;

    private ServiceProcess(List<String> command, Path log, Process process, int port) {
        this.command = List.copyOf(command);
        this.log = log;
        this.process = process;
        this.port = port;
    }

    /** Starts {@code target/<jarName>.jar} with its own port and database schema, and waits until it is ready. */
    public static ServiceProcess start(String jarName, String logName, String dbName, String... extraArgs) throws IOException {
        return start(Path.of("target", jarName + ".jar"), logName, dbName, TestInfra.freePort(), extraArgs);
    }

    /**
     * How long a start may take before it counts as failed: 3 minutes, or {@code -Dlooklook.test.ready-within=<s>}
     * (the cluster suite: five JVMs start at once beside six running ones and three brokers, on two cores).
     */
    private static final Duration READY_WITHIN = Duration.ofSeconds(Integer.getInteger("looklook.test.ready-within", 180));
    /**
     * More options for every service JVM, {@code -Dlooklook.test.service-jvm-options="-XX:TieredStopAtLevel=1"}: the
     * cluster suite's eleven JVMs start and restart on two cores, where the C2 compiler's work at start costs the most.
     */
    private static final List<String> EXTRA_JVM_OPTIONS = Arrays.stream(
            System.getProperty("looklook.test.service-jvm-options", "").split(" ")).filter(o -> !o.isBlank()).toList();

    /**
     * Starts {@code jar} on {@code port} (a restart keeps its predecessor's port when others know its address, such
     * as the notify URL the payment gateway was given) with its own database schema, and waits until it is ready.
     */
    public static ServiceProcess start(Path jar, String logName, String dbName, int port, String... extraArgs) throws IOException {
        // (READY_WITHIN: several services starting at once on two cores take a while)
        TestInfra infra = TestInfra.get();
        Path log = Path.of("target", logName + ".log");
        Files.deleteIfExists(log);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // its temporary files (RocksDB unpacks its native library there on every start, and a killed process
                // never deletes it) under target/, not in the machine's shared /tmp
                "-Xmx384m", "-Djava.io.tmpdir=" + TestInfra.scratchDirectory(logName + "-tmp")));
        command.addAll(EXTRA_JVM_OPTIONS);
        command.addAll(List.of("-jar", jar.toString(),
                "--server.port=" + port,
                "--spring.kafka.bootstrap-servers=" + infra.bootstrapServers(),
                "--looklook.registry.url=" + infra.registryUrl(),
                "--looklook.db.port=" + infra.dbPort(),
                "--looklook.db.name=" + dbName,
                "--looklook.db.password=" + TestInfra.DB_PASSWORD));
        command.addAll(infra.serviceSettings().entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList());
        // the tests' issuer, unless the caller names another (a property given twice would be read as "a,b")
        if (Arrays.stream(extraArgs).noneMatch(arg -> arg.startsWith("--looklook.jwt.jwk-set-uri="))) {
            command.add("--looklook.jwt.jwk-set-uri=" + TestTokens.get().jwkSetUri());
        }
        command.addAll(List.of(extraArgs));
        ServiceProcess service = launch(command, log, port);
        service.awaitReady(log, READY_WITHIN);
        return service;
    }

    /**
     * Starts {@code command} (a service listening on {@code port}) with its output in {@code log}, without waiting
     * for it: benchmarks time the start-up themselves.
     */
    public static ServiceProcess launch(List<String> command, Path log, int port) throws IOException {
        return new ServiceProcess(command, log, spawn(command, ProcessBuilder.Redirect.to(log.toFile())), port);
    }

    private static Process spawn(List<String> command, ProcessBuilder.Redirect output) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
        // never outlive the test JVM (a failed test must not leave a service running against the next run's ports)
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return process;
    }

    /**
     * Starts a stopped (or killed) service again with the same command line, on the same port (so its address stays
     * valid for everyone who has it), its output appended to the same log; waits until it is ready.
     */
    public void startAgain() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("still running: stop or kill it first");
        }
        process = spawn(command, ProcessBuilder.Redirect.appendTo(log.toFile()));
        awaitReady(log, READY_WITHIN);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: the service shuts down gracefully (Spring closes its beans), then exits. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** Its log's name and its port: how a test's report names it. */
    @Override
    public String toString() {
        return log.getFileName().toString().replaceFirst("\\.log$", "") + " (port " + port + ")";
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    /** Waits until the readiness probe answers 200; kills the process if it does not within {@code timeout}. */
    public void awaitReady(Path log, Duration timeout) {
        HttpRequest readiness = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness")).build();
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the service exited during start-up; see " + log.toAbsolutePath());
                }
                try {
                    return HTTP.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException notYet) {
                    return false;
                }
            });
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }
}
