package io.looklook.infra;

import static io.looklook.infra.Kustomize.containers;
import static io.looklook.infra.Kustomize.list;
import static io.looklook.infra.Kustomize.map;
import static io.looklook.infra.Kustomize.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders deploy/k8s/overlays/{local,production} ({@link Kustomize}) and checks what a cluster would only reveal at
 * run time: every object parses into the Kubernetes model with no unknown field, selectors select, references resolve,
 * every topic of topics.txt has its KafkaTopic, probes and ports match each service's application.yml, and every
 * setting the manifests pass is a property the service reads.
 */
class KubernetesManifestsTest {

    static final Path ROOT = Path.of(System.getProperty("looklook.root", Path.of("").toAbsolutePath().getParent().toString()));
    static final Path K8S = ROOT.resolve("deploy/k8s");
    static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet");
    static final String STRIMZI = "kafka.strimzi.io/v1beta2";
    /** Environment variables that are no Spring property: the downward API's, used to build one */
    static final Set<String> NOT_PROPERTIES = Set.of("POD_NAME", "POD_NAMESPACE");
    /**
     * Properties a service reads that no application*.yml sets (they have no default on purpose, secrets and
     * deployment-specific URLs): where each is read.
     */
    static final Map<String, Set<String>> DOCUMENTED_ONLY = Map.of("payment-service", Set.of(
            // WechatPayApiProperties, WechatPayProperties; listed in payment-service's application.yml comments
            "looklook.payment.wechat.merchant-serial-number", "looklook.payment.wechat.public-key-id",
            "looklook.payment.wechat.private-key-path", "looklook.payment.wechat.public-key-path",
            "looklook.payment.wechat.notify-url", "looklook.payment.wechat.refund-notify-url"));

    static final Map<String, List<Map<String, Object>>> RENDERED = new HashMap<>();
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static List<Map<String, Object>> render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> Kustomize.render(K8S.resolve("overlays").resolve(o)));
    }

    static Stream<Map<String, Object>> kind(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind")));
    }

    static Map<String, Object> one(List<Map<String, Object>> objects, String kind, String name) {
        List<Map<String, Object>> found = kind(objects, kind).filter(o -> name(o).equals(name)).toList();
        assertThat(found).as("%s %s", kind, name).hasSize(1);
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Object o, String... path) {
        Object current = o;
        for (String p : path) {
            current = current instanceof Map<?, ?> m ? m.get(p) : null;
        }
        return (T) current;
    }

    // ---------------------------------------------------------------------------------------------- the model

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void everyObjectParsesIntoTheKubernetesModelWithNoUnknownField(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        assertThat(objects).hasSizeGreaterThan(30);
        Set<String> ids = new HashSet<>();
        for (Map<String, Object> o : objects) {
            String id = o.get("kind") + "/" + name(o);
            assertThat(ids.add(id)).as("%s is declared once", id).isTrue();
            assertThat(at(o, "metadata", "namespace").toString()).as(id).isEqualTo("looklook");
            HasMetadata typed = SERIALIZATION.unmarshal(SERIALIZATION.asJson(o));
            if (STRIMZI.equals(o.get("apiVersion"))) {
                assertThat(typed).as(id).isInstanceOf(GenericKubernetesResource.class);
                continue;
            }
            assertThat(typed).as("%s is a kind the Kubernetes model knows", id).isNotInstanceOf(GenericKubernetesResource.class);
            assertNoUnknownFields(typed, id);
            assertThat(typed.getMetadata().getName()).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        }
    }

    /** The model keeps a field it does not know (a typo such as readinesProbe) in additionalProperties: none may be. */
    static void assertNoUnknownFields(Object o, String path) {
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> assertNoUnknownFields(v, path + "." + k));
        } else if (o instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                assertNoUnknownFields(l.get(i), path + "[" + i + "]");
            }
        } else if (o != null && o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model") && !(o instanceof Quantity)) {
            for (Method getter : o.getClass().getMethods()) {
                if (getter.getParameterCount() > 0 || Modifier.isStatic(getter.getModifiers()) || !getter.getName().startsWith("get")
                        || getter.getName().equals("getClass")) {
                    continue;
                }
                Object value;
                try {
                    value = getter.invoke(o);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                if (getter.getName().equals("getAdditionalProperties")) {
                    assertThat((Map<?, ?>) value).as("unknown fields at %s", path).isNullOrEmpty();
                } else {
                    assertNoUnknownFields(value, path + "." + getter.getName().substring(3));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void theStrimziResourcesHaveTheirRequiredFields(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        Map<String, Object> kafka = one(objects, "Kafka", KafkaTopicManifests.CLUSTER);
        assertThat(kafka.get("apiVersion")).isEqualTo(STRIMZI);
        assertThat(at(kafka, "metadata", "annotations").toString()).contains("strimzi.io/kraft=enabled", "strimzi.io/node-pools=enabled");
        assertThat(list(at(kafka, "spec", "kafka", "listeners"))).isNotEmpty()
                .allSatisfy(l -> assertThat(map(l)).containsKeys("name", "port", "type", "tls"));
        Map<String, Object> config = at(kafka, "spec", "kafka", "config");
        int defaultReplicas = (Integer) config.get("default.replication.factor");
        int minInsync = (Integer) config.get("min.insync.replicas");

        List<Map<String, Object>> pools = kind(objects, "KafkaNodePool").toList();
        assertThat(pools).isNotEmpty().allSatisfy(p -> {
            assertThat(p.get("apiVersion")).isEqualTo(STRIMZI);
            assertThat(at(p, "metadata", "labels", "strimzi.io/cluster").toString()).isEqualTo(KafkaTopicManifests.CLUSTER);
            assertThat(map(p.get("spec"))).containsKeys("replicas", "roles", "storage");
        });
        int nodes = pools.stream().mapToInt(p -> (Integer) at(p, "spec", "replicas")).sum();
        assertThat(nodes).as("brokers for the default replication factor").isGreaterThanOrEqualTo(defaultReplicas);
        assertThat(minInsync).isEqualTo(TopicDeclaration.minInsyncReplicas((short) defaultReplicas));
        assertThat(nodes).isEqualTo(overlay.equals("local") ? 1 : 3);

        assertThat(kind(objects, "KafkaTopic").toList()).isNotEmpty().allSatisfy(t -> {
            assertThat(t.get("apiVersion")).isEqualTo(STRIMZI);
            assertThat(at(t, "metadata", "labels", "strimzi.io/cluster").toString()).isEqualTo(KafkaTopicManifests.CLUSTER);
            int replicas = at(t, "spec", "replicas");
            assertThat(replicas).as(name(t)).isLessThanOrEqualTo(nodes);
            assertThat(at(t, "spec", "config", "min.insync.replicas").toString())
                    .isEqualTo(String.valueOf(TopicDeclaration.minInsyncReplicas((short) replicas)));
        });
    }

    // ---------------------------------------------------------------------------------------------- topics

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void everyDeclaredTopicAndItsDltHasAKafkaTopic(String overlay) {
        Map<String, Map<String, Object>> byTopic = new TreeMap<>();
        kind(render(overlay), "KafkaTopic").forEach(t -> byTopic.put(at(t, "spec", "topicName"), t));
        List<String> expected = new ArrayList<>();
        for (TopicDeclaration declaration : TopicDeclaration.all()) {
            for (NewTopic topic : declaration.toNewTopics(KafkaTopicManifests.REPLICAS)) {
                expected.add(topic.name());
                Map<String, Object> resource = byTopic.get(topic.name());
                assertThat(resource).as("KafkaTopic for %s", topic.name()).isNotNull();
                assertThat((Integer) at(resource, "spec", "partitions")).as(topic.name()).isEqualTo(topic.numPartitions());
                assertThat(at(resource, "spec", "config", "cleanup.policy").toString()).as(topic.name())
                        .isEqualTo(topic.configs().get("cleanup.policy"));
                assertThat((Integer) at(resource, "spec", "replicas")).as(topic.name()).isEqualTo(overlay.equals("local") ? 1 : 3);
            }
        }
        assertThat(byTopic.keySet()).as("no KafkaTopic without a line in topics.txt").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(expected).contains("order.events-dlt").doesNotContain("scheduler.events-dlt");
    }

    @Test
    void theCommittedKafkaTopicsAreWhatTheGeneratorWritesFromTopicsTxt() throws IOException {
        assertThat(Files.readString(K8S.resolve("base/kafka-topics.yaml"), StandardCharsets.UTF_8))
                .as("deploy/k8s/base/kafka-topics.yaml is stale: regenerate it with ./mvnw -pl infra compile "
                        + "org.codehaus.mojo:exec-maven-plugin:3.7.0:java -Dexec.mainClass=io.looklook.infra.KafkaTopicManifests")
                .isEqualTo(KafkaTopicManifests.render(TopicDeclaration.all()));
    }

    // ---------------------------------------------------------------------------------------------- names and labels

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void selectorsSelectWorkloadsAndEveryReferenceResolves(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        List<Map<String, Object>> workloads = objects.stream().filter(o -> WORKLOADS.contains(o.get("kind"))).toList();
        assertThat(workloads).extracting(Kustomize::name).containsExactlyInAnyOrder(
                "usercenter-service", "travel-service", "order-service", "payment-service", "gateway", "delay-scheduler");
        for (Map<String, Object> w : workloads) {
            Map<String, Object> selector = at(w, "spec", "selector", "matchLabels");
            assertThat(podLabels(w)).as("%s's pods carry its selector's labels", name(w)).containsAllEntriesOf(selector);
            assertThat(selectedBy(workloads, selector)).as("%s's selector selects only it", name(w)).containsExactly(name(w));
        }
        for (Map<String, Object> s : kind(objects, "Service").toList()) {
            assertThat(selectedBy(workloads, at(s, "spec", "selector"))).as("Service %s selects a workload", name(s)).hasSize(1);
            for (Object port : list(at(s, "spec", "ports"))) {
                Map<String, Object> w = workloads.stream().filter(x -> selectedBy(List.of(x), at(s, "spec", "selector")).size() == 1).findFirst().orElseThrow();
                assertThat(containerPorts(w)).as("Service %s's targetPort", name(s)).contains((Integer) map(port).get("targetPort"));
            }
        }
        for (Map<String, Object> pdb : kind(objects, "PodDisruptionBudget").toList()) {
            assertThat(selectedBy(workloads, at(pdb, "spec", "selector", "matchLabels"))).as("PDB %s", name(pdb)).hasSize(1);
        }
        assertThat(kind(objects, "PodDisruptionBudget").count()).as("a PDB per workload").isEqualTo(workloads.size());

        Map<String, Object> scheduler = one(objects, "StatefulSet", "delay-scheduler");
        Map<String, Object> headless = one(objects, "Service", at(scheduler, "spec", "serviceName"));
        assertThat(at(headless, "spec", "clusterIP").toString()).as("the StatefulSet's serviceName is headless").isEqualTo("None");
        assertThat(selectedBy(workloads, at(headless, "spec", "selector"))).containsExactly("delay-scheduler");

        Set<String> configMaps = names(objects, "ConfigMap");
        Map<String, Map<String, Object>> exampleSecrets = new LinkedHashMap<>();
        Kustomize.readAll(K8S.resolve("secret.example.yaml")).forEach(s -> exampleSecrets.put(name(s), s));
        for (Map<String, Object> w : workloads) {
            Set<String> volumes = new HashSet<>();
            for (Object v : list(at(w, "spec", "template", "spec", "volumes"))) {
                volumes.add((String) map(v).get("name"));
                String secret = at(v, "secret", "secretName");
                if (secret != null) {
                    assertThat(exampleSecrets).as("secret.example.yaml has the Secret %s", secret).containsKey(secret);
                }
            }
            list(at(w, "spec", "volumeClaimTemplates")).forEach(v -> volumes.add(at(v, "metadata", "name")));
            for (Map<String, Object> c : containers(w)) {
                list(c.get("volumeMounts")).forEach(m -> assertThat(volumes).as("%s's mount", name(w)).contains((String) map(m).get("name")));
                list(c.get("envFrom")).forEach(e -> assertThat(configMaps).as("%s's envFrom", name(w)).contains((String) at(e, "configMapRef", "name")));
                for (Object e : list(c.get("env"))) {
                    Map<String, Object> ref = at(e, "valueFrom", "secretKeyRef");
                    if (ref != null) {
                        Map<String, Object> secret = exampleSecrets.get((String) ref.get("name"));
                        assertThat(secret).as("secret.example.yaml has the Secret %s", ref.get("name")).isNotNull();
                        assertThat(map(secret.get("stringData"))).as("Secret %s", ref.get("name")).containsKey((String) ref.get("key"));
                    }
                }
            }
        }
        exampleSecrets.values().forEach(s -> assertThat(map(s.get("stringData")).values())
                .as("secret.example.yaml holds placeholders, not working values").allSatisfy(v -> assertThat(v.toString()).contains("CHANGE-ME")));
        for (Map<String, Object> hpa : kind(objects, "HorizontalPodAutoscaler").toList()) {
            one(objects, at(hpa, "spec", "scaleTargetRef", "kind"), at(hpa, "spec", "scaleTargetRef", "name"));
        }
    }

    static Map<String, Object> podLabels(Map<String, Object> workload) {
        return at(workload, "spec", "template", "metadata", "labels");
    }

    static List<String> selectedBy(List<Map<String, Object>> workloads, Map<String, Object> selector) {
        assertThat(selector).as("a selector").isNotEmpty();
        return workloads.stream().filter(w -> podLabels(w).entrySet().containsAll(selector.entrySet())).map(Kustomize::name).toList();
    }

    static Set<Integer> containerPorts(Map<String, Object> workload) {
        Set<Integer> ports = new HashSet<>();
        containers(workload).forEach(c -> list(c.get("ports")).forEach(p -> ports.add((Integer) map(p).get("containerPort"))));
        return ports;
    }

    static Set<String> names(List<Map<String, Object>> objects, String kind) {
        Set<String> names = new HashSet<>();
        kind(objects, kind).forEach(o -> names.add(name(o)));
        return names;
    }

    // ---------------------------------------------------------------------------------------------- containers

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void everyContainerHasProbesOnItsServicePortAndResources(String overlay) {
        for (Map<String, Object> w : render(overlay).stream().filter(o -> WORKLOADS.contains(o.get("kind"))).toList()) {
            String module = name(w);
            int port = Integer.parseInt(String.valueOf(serviceSettings(module).get("server.port")));
            for (Map<String, Object> c : containers(w)) {
                String id = module + "/" + c.get("name");
                assertThat(containerPorts(w)).as(id).containsExactly(port);
                assertThat(at(c, "readinessProbe", "httpGet", "path").toString()).as(id).isEqualTo("/actuator/health/readiness");
                assertThat(at(c, "livenessProbe", "httpGet", "path").toString()).as(id).isEqualTo("/actuator/health/liveness");
                for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                    if (c.containsKey(probe)) {
                        assertThat((Integer) at(c, probe, "httpGet", "port")).as("%s %s port = server.port of %s", id, probe, module).isEqualTo(port);
                    }
                }
                for (String resource : List.of("cpu", "memory")) {
                    Object request = at(c, "resources", "requests", resource);
                    Object limit = at(c, "resources", "limits", resource);
                    assertThat(request).as("%s requests %s", id, resource).isNotNull();
                    assertThat(limit).as("%s limits %s", id, resource).isNotNull();
                    assertThat(Quantity.getAmountInBytes(new Quantity(limit.toString())))
                            .as("%s: %s limit >= request", id, resource).isGreaterThanOrEqualTo(Quantity.getAmountInBytes(new Quantity(request.toString())));
                }
                assertThat(at(c, "securityContext", "allowPrivilegeEscalation").toString()).as(id).isEqualTo("false");
            }
            assertThat(at(w, "spec", "template", "spec", "securityContext", "runAsNonRoot").toString()).as(module).isEqualTo("true");
            int replicas = at(w, "spec", "replicas");
            if (overlay.equals("local")) {
                assertThat(replicas).as(module).isEqualTo(1);
            } else {
                assertThat(replicas).as(module).isGreaterThanOrEqualTo(2);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- settings

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void everySettingTheManifestsPassIsAPropertyTheServiceReads(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        for (Map<String, Object> w : objects.stream().filter(o -> WORKLOADS.contains(o.get("kind"))).toList()) {
            String module = name(w);
            Map<String, String> env = environment(objects, w);
            Set<String> known = new HashSet<>(NOT_PROPERTIES);
            serviceSettings(module).keySet().forEach(k -> known.add(envName(k)));
            DOCUMENTED_ONLY.getOrDefault(module, Set.of()).forEach(k -> known.add(envName(k)));
            assertThat(env.keySet()).as("%s: environment variables that bind no property it reads", module).isSubsetOf(known);

            if (!module.equals("gateway")) {
                Map<String, Object> kafka = one(objects, "Kafka", KafkaTopicManifests.CLUSTER);
                Set<String> bootstraps = new HashSet<>();
                list(at(kafka, "spec", "kafka", "listeners")).forEach(l -> bootstraps.add(name(kafka) + "-kafka-bootstrap:" + map(l).get("port")));
                assertThat(env.get("SPRING_KAFKA_BOOTSTRAPSERVERS")).as("%s's bootstrap servers: a listener of the Kafka", module).isIn(bootstraps);
                assertThat(env.get("LOOKLOOK_REGISTRY_URL")).as(module).startsWith("http://");
            }
            if (serviceSettings(module).containsKey("looklook.db.name")) {
                assertThat(env).as(module).containsKeys("LOOKLOOK_DB_HOST", "LOOKLOOK_DB_PORT", "LOOKLOOK_DB_USERNAME", "LOOKLOOK_DB_PASSWORD");
                assertThat(String.valueOf(serviceSettings(module).get("spring.r2dbc.url"))).as("the R2DBC URL is built from them")
                        .contains("${looklook.db.host}", "${looklook.db.port}", "${looklook.db.name}");
            }
        }

        Map<String, Object> scheduler = one(objects, "StatefulSet", "delay-scheduler");
        Map<String, String> env = environment(objects, scheduler);
        Map<String, Object> container = containers(scheduler).get(0);
        assertThat(list(container.get("volumeMounts"))).as("the state directory is on the state volume")
                .anySatisfy(m -> assertThat(map(m)).containsEntry("name", "state").containsEntry("mountPath", env.get("LOOKLOOK_SCHEDULER_STATEDIR")));
        assertThat(env.get("LOOKLOOK_SCHEDULER_ADVERTISEDHOST")).as("the pod's DNS name under the headless Service")
                .isEqualTo("$(POD_NAME)." + at(scheduler, "spec", "serviceName") + ".$(POD_NAMESPACE).svc.cluster.local");
        int replication = Integer.parseInt(env.getOrDefault("LOOKLOOK_SCHEDULER_REPLICATIONFACTOR", "3"));
        int nodes = kind(objects, "KafkaNodePool").mapToInt(p -> (Integer) at(p, "spec", "replicas")).sum();
        assertThat(replication).as("changelog replicas fit the brokers").isLessThanOrEqualTo(nodes);
        assertThat(Boolean.parseBoolean(env.get("LOOKLOOK_SCHEDULER_ALLOWLOWREPLICATION")))
                .as("below 3 replicas the scheduler starts only if allowed").isEqualTo(replication < 3);
        assertThat(Integer.parseInt(env.get("LOOKLOOK_SCHEDULER_STANDBYREPLICAS"))).isEqualTo(overlay.equals("local") ? 0 : 1);

        // the gateway reaches each service by its Service's name and port
        Map<String, String> gateway = environment(objects, one(objects, "Deployment", "gateway"));
        for (String route : List.of("USERCENTER", "TRAVEL", "ORDER", "PAYMENT")) {
            String uri = gateway.get("LOOKLOOK_GATEWAY_" + route + "URI");
            assertThat(uri).as(route).matches("http://[a-z-]+:\\d+");
            String[] hostPort = uri.substring("http://".length()).split(":");
            Map<String, Object> service = one(objects, "Service", hostPort[0]);
            assertThat(list(at(service, "spec", "ports"))).extracting(p -> String.valueOf(map(p).get("port"))).contains(hostPort[1]);
        }
    }

    @Test
    void productionHasAnIngressToTheGatewayAndTheLocalOverlayNone() {
        List<Map<String, Object>> production = render("production");
        Map<String, Object> ingress = one(production, "Ingress", "gateway");
        Map<String, Object> backend = at(list(at(list(at(ingress, "spec", "rules")).get(0), "http", "paths")).get(0), "backend", "service");
        Map<String, Object> service = one(production, "Service", (String) backend.get("name"));
        assertThat(selectedBy(production.stream().filter(o -> WORKLOADS.contains(o.get("kind"))).toList(), at(service, "spec", "selector")))
                .containsExactly("gateway");
        assertThat(list(at(service, "spec", "ports"))).extracting(p -> map(p).get("port")).contains((Object) at(backend, "port", "number"));
        assertThat(kind(render("local"), "Ingress")).isEmpty();
        assertThat(containers(one(production, "Deployment", "gateway")).get(0).get("image").toString()).startsWith("ghcr.io/looklook/gateway:");
    }

    /** The pod's environment: its ConfigMaps' data (envFrom) then its own env (literal values; references as "ref"). */
    static Map<String, String> environment(List<Map<String, Object>> objects, Map<String, Object> workload) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> c : containers(workload)) {
            for (Object from : list(c.get("envFrom"))) {
                Map<String, Object> data = at(one(objects, "ConfigMap", at(from, "configMapRef", "name")), "data");
                if (data != null) {
                    data.forEach((k, v) -> env.put(k, String.valueOf(v)));
                }
            }
            list(c.get("env")).forEach(e -> env.put((String) map(e).get("name"), String.valueOf(map(e).getOrDefault("value", "ref"))));
        }
        return env;
    }

    /** Spring Boot's environment-variable form of a property: dots to underscores, dashes removed, upper case. */
    static String envName(String property) {
        return property.replace('.', '_').replace("-", "").toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * Every property a module sets in its application*.yml, and platform's defaults if it uses platform: the
     * properties it reads (a key nobody sets, e.g. a secret, is listed in {@link #DOCUMENTED_ONLY}).
     */
    static Map<String, Object> serviceSettings(String module) {
        Map<String, Object> settings = new TreeMap<>();
        Path resources = ROOT.resolve(module).resolve("src/main/resources");
        try {
            if (Files.readString(ROOT.resolve(module).resolve("pom.xml")).contains("<artifactId>platform</artifactId>")) {
                Path platform = ROOT.resolve("platform/src/main/resources");
                for (String file : List.of("looklook-platform-defaults.properties", "looklook-platform-local.properties")) {
                    Properties p = new Properties();
                    try (var in = Files.newInputStream(platform.resolve(file))) {
                        p.load(in);
                    }
                    p.forEach((k, v) -> settings.put((String) k, v));
                }
            }
            try (Stream<Path> files = Files.list(resources)) {
                for (Path yml : files.filter(f -> f.getFileName().toString().matches("application(-\\w+)?\\.yml")).toList()) {
                    for (Map<String, Object> doc : Kustomize.readAll(yml)) {
                        flatten("", doc, settings);
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(settings).as("%s's settings", module).containsKey("server.port");
        return settings;
    }

    static void flatten(String prefix, Map<String, Object> yaml, Map<String, Object> into) {
        yaml.forEach((k, v) -> {
            String key = prefix + k;
            if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked") Map<String, Object> child = (Map<String, Object>) m;
                flatten(key + ".", child, into);
            } else {
                into.put(key, v);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------- the real kustomize

    /** Where kubectl is installed (its built-in kustomize), the renderer above must agree with it object for object. */
    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void theRendererAgreesWithKubectlKustomizeWhereKubectlIsInstalled(String overlay) throws Exception {
        Path kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).map(d -> Path.of(d, "kubectl"))
                .filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(kubectl != null, "no kubectl on the PATH");
        // an old kubectl's kustomize (Debian's 1.20: v2) predates patches with a target: only v5+ is compared
        Process version = new ProcessBuilder(kubectl.toString(), "version", "--client").redirectErrorStream(true).start();
        String versions = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        version.waitFor(30, TimeUnit.SECONDS);
        java.util.regex.Matcher kustomize = java.util.regex.Pattern.compile("Kustomize Version: v(\\d+)").matcher(versions);
        Assumptions.assumeTrue(kustomize.find() && Integer.parseInt(kustomize.group(1)) >= 5, "kubectl's kustomize is older than v5: " + versions);
        Path out = Files.createTempFile("kustomize-" + overlay, ".yaml");
        try {
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", K8S.resolve("overlays").resolve(overlay).toString())
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Assumptions.assumeTrue(process.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize did not finish in 60 s");
            assertThat(process.exitValue()).as("kubectl kustomize's exit code").isZero();
            assertThat(byId(Kustomize.readAll(out))).isEqualTo(byId(render(overlay)));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static Map<String, Object> byId(List<Map<String, Object>> objects) {
        Map<String, Object> result = new TreeMap<>();
        YAMLMapper yaml = new YAMLMapper();
        // through YAML again, so both sides hold the same Java types
        objects.forEach(o -> result.put(o.get("kind") + "/" + name(o), yaml.convertValue(o, Map.class)));
        return result;
    }

    static {
        if (!Files.isDirectory(K8S)) {
            fail("no " + K8S + " (looklook.root=" + ROOT + ")");
        }
    }
}
