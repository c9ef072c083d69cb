package io.looklook.system;

import io.looklook.testsupport.ServiceProcess;
import io.looklook.testsupport.TestInfra;
import io.looklook.testsupport.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole system as processes from the packaged jars, once per test JVM, on {@link TestInfra}'s broker, registry
 * and MariaDB: travel-service, two order-service instances (one schema, one set of consumer groups: they share the
 * partitions, so one order's payment and close may be applied by different instances at the same moment),
 * payment-service with the sandbox gateway, and the delay-scheduler. With {@code -Dlooklook.test.instances=2} (the
 * cluster suite) two instances of every service behind the gateway.
 */
public final class LooklookStack {

    /** Unpaid orders close this long after creation. Long enough for a payment pipeline, short enough to watch. */
    public static final Duration CLOSE_AFTER = Duration.ofSeconds(30);
    public static final String API_V3_KEY = "system-test-apiv3-key-0123456789";

    /** The fault suites' stacks (their own JVMs) log beside the other system tests' stack, not over it. */
    private static final String LOG_PREFIX = switch (System.getProperty("looklook.test.infra", "")) {
        case "processes" -> "faults-";
        case "cluster" -> "cluster-";
        default -> "system-";
    };
    public static final String WX_MINI_APP_ID = "wx-system-test-mini";
    /** Instances of each service but order-service, which runs two in any case. */
    private static final int INSTANCES = Integer.getInteger("looklook.test.instances", 1);
    private static final List<String> LOG_NAMES = logNames();
    private static LooklookStack instance;
    private static RuntimeException startFailure;

    /** The first instance of each service (the one a test talks to when any will do). */
    public final ServiceProcess usercenter;
    public final ServiceProcess travel;
    public final ServiceProcess payment;
    public final ServiceProcess scheduler;
    public final List<ServiceProcess> usercenters;
    public final List<ServiceProcess> travels;
    public final List<ServiceProcess> orders;
    public final List<ServiceProcess> payments;
    public final List<ServiceProcess> schedulers;
    /** The one address a client needs, in front of the four HTTP services (as looklook's nginx). */
    public final ServiceProcess gateway;
    /** Signs with the user center's key: the tests speak for any user without registering each one. */
    private final TestTokens tokens = TestTokens.get();
    private final Map<String, String> issued = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Duration ANSWER_LIMIT = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    private LooklookStack(List<ServiceProcess> usercenters, List<ServiceProcess> travels, List<ServiceProcess> orders,
                          List<ServiceProcess> payments, List<ServiceProcess> schedulers, ServiceProcess gateway) {
        this.gateway = gateway;
        this.usercenters = usercenters;
        this.travels = travels;
        this.orders = orders;
        this.payments = payments;
        this.schedulers = schedulers;
        this.usercenter = usercenters.get(0);
        this.travel = travels.get(0);
        this.payment = payments.get(0);
        this.scheduler = schedulers.get(0);
    }

    /** Every service instance but the gateway, in start order. */
    public List<ServiceProcess> services() {
        List<ServiceProcess> all = new java.util.ArrayList<>(usercenters);
        all.addAll(travels);
        all.addAll(orders);
        all.addAll(payments);
        all.addAll(schedulers);
        return all;
    }

    private static List<String> logNames() {
        List<String> names = new java.util.ArrayList<>(List.of("gateway", "order-1", "order-2"));
        for (String service : List.of("usercenter", "travel", "payment", "scheduler")) {
            for (int i = 1; i <= INSTANCES; i++) {
                names.add(instanceName(service, i));
            }
        }
        return names;
    }

    /** "payment", then "payment-2": the first instance's log keeps the name it has always had. */
    private static String instanceName(String service, int instance) {
        return instance == 1 ? service : service + "-" + instance;
    }

    private static String addresses(List<CompletableFuture<ServiceProcess>> instances) {
        return instances.stream().map(started -> started.join().baseUrl()).collect(java.util.stream.Collectors.joining(","));
    }

    private static List<ServiceProcess> joined(List<CompletableFuture<ServiceProcess>> started) {
        return started.stream().map(CompletableFuture::join).toList();
    }

    /**
     * The stack, started on first use. A failed start is not tried again by the next test class: that would hide the
     * first failure behind a second one (and write over its logs).
     */
    public static synchronized LooklookStack get() {
        if (instance == null && startFailure == null) {
            try {
                instance = start();
            } catch (RuntimeException e) {
                startFailure = e;
            }
        }
        if (startFailure != null) {
            throw new IllegalStateException("the stack did not start; see the first failure and target/system-*.log", startFailure);
        }
        return instance;
    }

    /** The services' logs, for a failed test to show what the services were doing. */
    public static List<Path> logs() {
        return LOG_NAMES.stream().map(name -> Path.of("target", LOG_PREFIX + name + ".log")).toList();
    }

    private static LooklookStack start() {
        TestInfra.get();
        // the user center signs with the tests' key, and every other service checks tokens with the keys it publishes
        int usercenterPort = TestInfra.freePort();
        String jwks = "--looklook.jwt.jwk-set-uri=http://127.0.0.1:" + usercenterPort + "/.well-known/jwks.json";
        List<CompletableFuture<ServiceProcess>> usercenters = new java.util.ArrayList<>();
        List<CompletableFuture<ServiceProcess>> travels = new java.util.ArrayList<>();
        List<CompletableFuture<ServiceProcess>> payments = new java.util.ArrayList<>();
        List<CompletableFuture<ServiceProcess>> schedulers = new java.util.ArrayList<>();
        List<CompletableFuture<ServiceProcess>> orders = new java.util.ArrayList<>();
        for (int i = 1; i <= INSTANCES; i++) {
            if (i == 2) {
                // the second instances once the first are ready: eleven JVMs starting at once on two cores take
                // longer than the readiness wait
                java.util.stream.Stream.of(usercenters, travels, payments, schedulers, orders).flatMap(List::stream)
                        .forEach(CompletableFuture::join);
            }
            usercenters.add(launch("usercenter-service", instanceName("usercenter", i), "looklook_usercenter",
                    i == 1 ? usercenterPort : TestInfra.freePort(),
                    "--looklook.usercenter.signing-keys=file:" + TestTokens.get().signingKeysFile(),
                    "--looklook.usercenter.wx-mini.sandbox=true", "--looklook.usercenter.wx-mini.app-id=" + WX_MINI_APP_ID));
            // with the demo catalog, as infra/stack up (its businesses are the ones the tests' homestays belong to)
            travels.add(launch("travel-service", instanceName("travel", i), "looklook_travel",
                    jwks, "--spring.flyway.locations=classpath:db/platform,classpath:db/migration,classpath:db/demo"));
            payments.add(launchPayment(instanceName("payment", i), jwks));
            schedulers.add(launch("delay-scheduler", instanceName("scheduler", i), "unused", jwks,
                    // a folder of this JVM's own: a state folder left by another run belongs to another cluster's changelogs
                    "--looklook.scheduler.state-dir=" + TestInfra.scratchDirectory("scheduler-state")));
            if (i == 1) {
                orders.add(launch("order-service", "order-1", "looklook_order", jwks, "--looklook.order.close-after=" + CLOSE_AFTER.toSeconds() + "s"));
            }
            if (i == Math.min(2, INSTANCES)) {
                orders.add(launch("order-service", "order-2", "looklook_order", jwks, "--looklook.order.close-after=" + CLOSE_AFTER.toSeconds() + "s"));
            }
        }
        // the gateway balances over every instance, as infra/stack up --instances 2
        ServiceProcess gateway = launch("gateway", "gateway", "unused",
                "--looklook.gateway.usercenter-uri=" + addresses(usercenters),
                "--looklook.gateway.travel-uri=" + addresses(travels),
                "--looklook.gateway.order-uri=" + addresses(orders),
                "--looklook.gateway.payment-uri=" + addresses(payments),
                // every test client is 127.0.0.1: the edge's per-client rate is not what these tests are about
                "--looklook.gateway.requests-per-second=100000", "--looklook.gateway.burst=100000").join();
        return new LooklookStack(joined(usercenters), joined(travels), joined(orders), joined(payments), joined(schedulers), gateway);
    }

    /**
     * One more payment-service instance (sharing the database and the consumer group with the stack's), with
     * {@code settings} added; the caller stops it.
     */
    public ServiceProcess startPayment(String logName, String... settings) {
        List<String> args = new java.util.ArrayList<>(List.of("--looklook.jwt.jwk-set-uri=" + usercenter.baseUrl() + "/.well-known/jwks.json"));
        args.addAll(List.of(settings));
        return launchPayment(logName, args.toArray(String[]::new)).join();
    }

    private static CompletableFuture<ServiceProcess> launchPayment(String logName, String... settings) {
        List<String> args = new java.util.ArrayList<>(List.of("--looklook.payment.gateway=sandbox",
                "--looklook.payment.wechat.appid=wx-system-test", "--looklook.payment.wechat.mchid=1900000001",
                "--looklook.payment.wechat.api-v3-key=" + API_V3_KEY));
        args.addAll(List.of(settings));
        return launch("payment-service", logName, "looklook_payment", args.toArray(String[]::new));
    }

    private static CompletableFuture<ServiceProcess> launch(String service, String logName, String schema, String... args) {
        return launch(service, logName, schema, TestInfra.freePort(), args);
    }

    private static CompletableFuture<ServiceProcess> launch(String service, String logName, String schema, int port,
                                                            String... args) {
        Path jar = TestInfra.projectRoot().resolve(service).resolve("target").resolve(service + ".jar");
        return CompletableFuture.supplyAsync(() -> {
            try {
                return ServiceProcess.start(jar, LOG_PREFIX + logName, schema, port, args);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * A user's token, made once per user and scopes and kept (RS256 signing costs a millisecond or two of CPU: made
     * for every request, as the HS256 ones were, it took a good share of the two cores from the services).
     */
    public String token(long userId, String... scopes) {
        return issued.computeIfAbsent(userId + " " + String.join(" ", scopes),
                k -> tokens.forUser(userId, Duration.ofHours(3), scopes));
    }

    /** POSTs {@code body} as JSON with the user's token (none if {@code userId} is 0); the decoded response envelope. */
    public Map<String, Object> post(ServiceProcess service, String route, long userId, Object body, String... scopes) {
        Answer answer = send(service.baseUrl(), route, userId != 0 ? token(userId, scopes) : null, body);
        return answer.body().isEmpty() ? Map.of("status", answer.status()) : answer.body();
    }

    /** A response: its status and its body decoded (an empty map for an empty body). */
    public record Answer(int status, Map<String, Object> body) {
    }

    /** POSTs {@code body} as JSON to {@code baseUrl + route} with {@code bearer} as the token (none if null). */
    public Answer send(String baseUrl, String route, String bearer, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + route))
                .timeout(ANSWER_LIMIT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : json.writeValueAsString(body)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            // bounded as a whole: the request's own timeout ends when the headers arrive, and a body that never
            // completes (a server bug, not load) must fail the test with its route instead of using up its patience
            HttpResponse<String> response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                    .get(ANSWER_LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            @SuppressWarnings("unchecked")
            Map<String, Object> decoded = response.body().isEmpty() ? Map.of() : json.readValue(response.body(), Map.class);
            return new Answer(response.statusCode(), decoded);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("POST " + baseUrl + route + ": no complete answer within " + ANSWER_LIMIT, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? new UncheckedIOException(io) : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** As {@link #send}, trying again while the answer is 503 (as its Retry-After tells a client), for 30 s at most. */
    public Answer sendUntilNot503(String baseUrl, String route, String bearer, Object body) {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Answer answer = send(baseUrl, route, bearer, body);
        while (answer.status() == 503 && System.nanoTime() < until) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(500).toNanos()); // the Retry-After pause
            answer = send(baseUrl, route, bearer, body);
        }
        return answer;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> data(Map<String, Object> envelope) {
        if (!Integer.valueOf(200).equals(envelope.get("code"))) {
            throw new AssertionError("not OK: " + envelope);
        }
        return (Map<String, Object>) envelope.get("data");
    }
}
