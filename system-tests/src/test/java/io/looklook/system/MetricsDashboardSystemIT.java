package io.looklook.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.order.OrderPaid;
import io.looklook.payment.PaymentRefunded;
import io.looklook.schemas.SchemaCatalog;
import io.looklook.testsupport.ServiceProcess;
import io.looklook.testsupport.TestInfra;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * infra/observability holds what an operator points Prometheus and Grafana at; this checks both against the running
 * system after one paid order and one closed, refunded one: the scrape configuration has a job for every service of
 * infra/stack on its ports; every metric a dashboard query reads is exported by the job it names, with the labels and
 * values the query selects; every looklook metric is named {@code looklook_<service>_<thing>_<unit>}; latencies are
 * histogram buckets, never percentiles computed in the process; the outbox relays' producers and Kafka Streams are
 * bound to Micrometer.
 */
class MetricsDashboardSystemIT extends SystemIT {

    private static final Path OBSERVABILITY = TestInfra.projectRoot().resolve("infra").resolve("observability");
    /** infra/stack's SERVICES=("usercenter-service:8086" ...). */
    private static final Pattern STACK_SERVICE = Pattern.compile("\"([a-z-]+):(\\d+)\"");
    private static final Pattern SERIES = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? \\S+.*");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("(\\w+)\\s*(=~|!=|=)\\s*\"([^\"]*)\"");
    private static final Pattern GROUPING = Pattern.compile("\\bby \\(([^)]*)\\)");
    private static final Pattern LOOKLOOK_NAME = Pattern.compile(
            "looklook_(usercenter|travel|order|payment|scheduler)_[a-z0-9_]+_(seconds|records|timers|requests|partitions|inputs)"
                    + "(_total|_bucket|_count|_sum|_max|_created)?");
    private static final Set<String> PROMETHEUS_LABELS = Set.of("job", "instance", "le");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** job -> metric name -> the label sets of its series, as the job's first instance exports them. */
    private static final Map<String, Map<String, List<Map<String, String>>>> EXPORTED = new LinkedHashMap<>();

    record Series(String name, Map<String, String> labels) {
    }

    @BeforeAll
    static void oneOrderPaidOneClosedAndRefundedThenEveryServiceScraped() {
        long homestay = newHomestay(6_600);
        long payer = newUser();
        String paid = placeOrder(STACK.orders.get(0), payer, homestay);
        sandboxPay(payer, prepay(payer, paid));
        long late = newUser();
        String closed = placeOrder(STACK.orders.get(0), late, homestay);
        String prepayId = prepay(late, closed);
        fireCloseNow(closed);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> tradeState(late, closed) == -1);
        sandboxPay(late, prepayId);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> EVENTS.count(paid, OrderPaid.class) == 1
                && EVENTS.count(closed, PaymentRefunded.class) == 1);

        Map<String, ServiceProcess> jobs = jobs();
        // the Kafka binders add a client's metrics as the client creates them, and look again every minute: scraped
        // until they are there (the tests below say what is missing if they never come)
        List<String> relays = List.of("usercenter-service", "travel-service", "order-service", "payment-service");
        try {
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                jobs.forEach((job, service) -> EXPORTED.put(job, scrape(service)));
                return relays.stream().allMatch(job -> EXPORTED.get(job).containsKey("kafka_producer_record_send_total"))
                        && EXPORTED.get("delay-scheduler").keySet().stream().anyMatch(name -> name.startsWith("kafka_stream_thread_"));
            });
        } catch (org.awaitility.core.ConditionTimeoutException notAllThere) {
            // the tests name what is missing
        }
    }

    @Test
    void thePrometheusConfigurationScrapesEveryServiceOfTheLocalStack() throws IOException {
        Map<String, Integer> stackPorts = stackPorts();
        Map<String, List<String>> jobs = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(OBSERVABILITY.resolve("prometheus.yml"))) {
            Map<String, Object> config = new Yaml().load(in);
            for (Map<String, Object> job : MetricsDashboardSystemIT.<Map<String, Object>>list(config.get("scrape_configs"))) {
                assertThat(job.get("metrics_path")).as(job.get("job_name") + "'s path").isEqualTo("/actuator/prometheus");
                List<String> targets = new ArrayList<>();
                for (Map<String, Object> group : MetricsDashboardSystemIT.<Map<String, Object>>list(job.get("static_configs"))) {
                    targets.addAll(list(group.get("targets")));
                }
                jobs.put((String) job.get("job_name"), targets);
            }
        }
        assertThat(jobs.keySet()).as("a job per service of infra/stack").containsExactlyInAnyOrderElementsOf(stackPorts.keySet());
        stackPorts.forEach((service, port) -> {
            assertThat(jobs.get(service)).as(service).contains("127.0.0.1:" + port);
            if (!service.equals("gateway")) {
                assertThat(jobs.get(service)).as("%s's second instance (--instances 2)", service).contains("127.0.0.1:" + (port + 100));
            }
        });
        assertThat(EXPORTED.keySet()).as("every job answers on its metrics path").containsExactlyInAnyOrderElementsOf(jobs.keySet());
        EXPORTED.forEach((job, metrics) -> assertThat(metrics).as(job + " exports").isNotEmpty());
    }

    @Test
    void everyDashboardQueryReadsMetricsTheServicesExport() throws IOException {
        JsonNode dashboard = JsonMapper.builder().build().readTree(OBSERVABILITY.resolve("grafana-dashboard.json").toFile());
        Set<String> eventTypes = SchemaCatalog.EVENTS.stream().map(Schema::getName).collect(Collectors.toSet());
        List<String> checked = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                String expr = target.get("expr").asString();
                String where = panel.get("title").asString() + ": " + expr;
                Matcher selector = SELECTOR.matcher(expr);
                List<List<Map<String, String>>> selected = new ArrayList<>();
                while (selector.find()) {
                    String metric = selector.group(1);
                    Map<String, String> equal = new HashMap<>();
                    String job = null;
                    Matcher m = MATCHER.matcher(selector.group(2));
                    while (m.find()) {
                        if (m.group(1).equals("job")) {
                            job = m.group(3);
                        } else if (m.group(2).equals("=")) {
                            equal.put(m.group(1), m.group(3));
                        } else if (m.group(1).equals("event")) {
                            assertThat(Set.of(m.group(3).split("\\|"))).as("event types of " + where).isSubsetOf(eventTypes);
                        }
                    }
                    List<Map<String, String>> series = job != null ? seriesOf(job, metric) : seriesAnywhere(metric);
                    assertThat(series).as("%s is exported%s (%s)", metric, job != null ? " by " + job : "", where).isNotEmpty();
                    assertThat(series).as("a series of %s with %s (%s)", metric, equal, where)
                            .anyMatch(labels -> labels.entrySet().containsAll(equal.entrySet()));
                    selected.add(series);
                    checked.add(metric);
                }
                assertThat(selected).as("a metric in " + where).isNotEmpty();
                Matcher grouping = GROUPING.matcher(expr);
                while (grouping.find()) {
                    for (String label : grouping.group(1).split(",\\s*")) {
                        if (!PROMETHEUS_LABELS.contains(label)) {
                            assertThat(selected).as("label %s of %s", label, where)
                                    .anyMatch(series -> series.stream().anyMatch(labels -> labels.containsKey(label)));
                        }
                    }
                }
            }
        }
        assertThat(checked).as("the queries' metrics").contains("looklook_order_outbox_published_records_total",
                "looklook_payment_outbox_published_records_total", "looklook_order_outbox_backlog_records",
                "kafka_consumer_fetch_manager_records_lag_max", "looklook_scheduler_fire_lateness_seconds_bucket");
    }

    @Test
    void everyLooklookMetricIsNamedByServiceThingAndUnitAndLatenciesAreBuckets() {
        EXPORTED.forEach((job, metrics) -> metrics.forEach((name, series) -> {
            if (name.startsWith("looklook_")) {
                assertThat(name).as("exported by " + job).matches(LOOKLOOK_NAME);
                assertThat(name).as("exported by " + job).startsWith("looklook_" + job.replaceFirst("-service$", "")
                        .replace("delay-", "") + "_");
            }
            assertThat(series).as("%s of %s: no percentiles computed in the process", name, job)
                    .noneMatch(labels -> labels.containsKey("quantile"));
        }));
        assertThat(EXPORTED.get("order-service")).containsKeys("http_server_requests_seconds_bucket",
                "looklook_order_outbox_commit_to_ack_seconds_bucket");
        assertThat(EXPORTED.get("delay-scheduler")).containsKey("looklook_scheduler_fire_lateness_seconds_bucket");
    }

    @Test
    void theRelaysProducersAndKafkaStreamsAreBoundToMicrometer() {
        for (String job : List.of("usercenter-service", "travel-service", "order-service", "payment-service")) {
            assertThat(seriesOf(job, "kafka_producer_record_send_total")).as("%s's outbox relay producer", job)
                    .anyMatch(labels -> labels.getOrDefault("client_id", "").startsWith("outbox-relay-"));
        }
        for (String job : List.of("order-service", "payment-service")) { // the services with listeners
            assertThat(seriesOf(job, "kafka_consumer_fetch_manager_records_lag_max")).as("%s's listeners", job).isNotEmpty();
        }
        assertThat(EXPORTED.get("delay-scheduler").keySet()).as("Kafka Streams' metrics")
                .anyMatch(name -> name.startsWith("kafka_stream_thread_"))
                .anyMatch(name -> name.startsWith("kafka_stream_state_"));
    }

    private static List<Map<String, String>> seriesOf(String job, String metric) {
        return EXPORTED.getOrDefault(job, Map.of()).getOrDefault(metric, List.of());
    }

    private static List<Map<String, String>> seriesAnywhere(String metric) {
        return EXPORTED.values().stream().flatMap(m -> m.getOrDefault(metric, List.of()).stream()).toList();
    }

    private static Map<String, ServiceProcess> jobs() {
        Map<String, ServiceProcess> jobs = new LinkedHashMap<>();
        jobs.put("usercenter-service", STACK.usercenter);
        jobs.put("travel-service", STACK.travel);
        jobs.put("order-service", STACK.orders.get(0));
        jobs.put("payment-service", STACK.payment);
        jobs.put("delay-scheduler", STACK.scheduler);
        jobs.put("gateway", STACK.gateway);
        return jobs;
    }

    private static Map<String, List<Map<String, String>>> scrape(ServiceProcess service) {
        Map<String, List<Map<String, String>>> metrics = new HashMap<>();
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                return metrics;
            }
            for (String line : answer.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList()) {
                Matcher series = SERIES.matcher(line);
                if (series.matches()) {
                    Map<String, String> labels = new HashMap<>();
                    Matcher label = LABEL.matcher(series.group(3) == null ? "" : series.group(3));
                    while (label.find()) {
                        labels.put(label.group(1), label.group(2));
                    }
                    metrics.computeIfAbsent(series.group(1), name -> new ArrayList<>()).add(labels);
                }
            }
        } catch (IOException e) {
            return metrics;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return metrics;
    }

    private static Map<String, Integer> stackPorts() throws IOException {
        String line = Files.readAllLines(TestInfra.projectRoot().resolve("infra").resolve("stack")).stream()
                .filter(l -> l.startsWith("SERVICES=(")).findFirst().orElseThrow();
        Map<String, Integer> ports = new LinkedHashMap<>();
        Matcher m = STACK_SERVICE.matcher(line);
        while (m.find()) {
            ports.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        assertThat(ports).hasSize(6);
        return ports;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object yaml) {
        return (List<T>) yaml;
    }
}
