package io.looklook.infra;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Renders a Kustomize directory the way {@code kubectl kustomize} does, for exactly the features deploy/k8s uses:
 * {@code resources} (files and directories), {@code namespace}, {@code patches} (strategic merge, matched by kind and
 * name or by a {@code target} kind), {@code replicas} and {@code images}. Any other key of a kustomization fails the
 * render, so a new feature in the manifests cannot be silently ignored here. Written because no kustomize binary
 * installs from the registries this project builds from; where {@code kubectl} is on the PATH the test compares the
 * two renders.
 */
final class Kustomize {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "namespace", "patches", "replicas", "images");
    private static final Set<String> SCALABLE = Set.of("Deployment", "StatefulSet", "ReplicaSet");
    /**
     * The lists Kubernetes' strategic merge merges element by element (their patchMergeKey in the API's OpenAPI
     * schema), by the field named here; every other list is replaced whole, as kustomize does for them and for CRDs.
     */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers", "name", "initContainers", "name", "env", "name", "volumes", "name",
            "volumeMounts", "mountPath", "ports", "containerPort");

    private Kustomize() {
    }

    /** Every object of the kustomization in {@code dir}, each as the map its YAML reads into. */
    static List<Map<String, Object>> render(Path dir) {
        Map<String, Object> k = readAll(dir.resolve("kustomization.yaml")).get(0);
        for (String key : k.keySet()) {
            if (!SUPPORTED.contains(key)) {
                throw new IllegalArgumentException(dir + "/kustomization.yaml: '" + key + "' is not supported by this renderer (Kustomize.java)");
            }
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object entry : list(k.get("resources"))) {
            Path p = dir.resolve((String) entry).normalize();
            objects.addAll(Files.isDirectory(p) ? render(p) : readAll(p));
        }
        for (Object entry : list(k.get("patches"))) {
            Map<String, Object> patch = map(entry);
            onlyKeys(patch, Set.of("path", "target"), "patch");
            Map<String, Object> target = patch.containsKey("target") ? map(patch.get("target")) : null;
            if (target != null) {
                onlyKeys(target, Set.of("kind", "name"), "patch target");
            }
            for (Map<String, Object> doc : readAll(dir.resolve((String) patch.get("path")))) {
                List<Map<String, Object>> matches = objects.stream().filter(o -> target == null
                        ? Objects.equals(o.get("kind"), doc.get("kind")) && name(o).equals(name(doc))
                        : Objects.equals(o.get("kind"), target.get("kind")) && (!target.containsKey("name") || name(o).equals(target.get("name")))).toList();
                if (matches.isEmpty() || (target == null && matches.size() > 1)) {
                    throw new IllegalArgumentException(patch.get("path") + ": the patch of " + doc.get("kind") + " " + name(doc) + " matches " + matches.size() + " objects");
                }
                for (Map<String, Object> o : matches) {
                    Map<String, Object> body = copy(doc); // applied to several objects: none may share its maps
                    if (target != null) {
                        body.remove("metadata"); // with a target, the patch's own name is not the object's
                    }
                    merge(o, body);
                }
            }
        }
        if (k.get("namespace") instanceof String namespace) {
            objects.forEach(o -> map(o.get("metadata")).put("namespace", namespace));
        }
        for (Object entry : list(k.get("images"))) {
            Map<String, Object> image = map(entry);
            onlyKeys(image, Set.of("name", "newName", "newTag"), "image");
            int changed = 0;
            for (Map<String, Object> o : objects) {
                for (Map<String, Object> c : containers(o)) {
                    String ref = (String) c.get("image");
                    int colon = ref.lastIndexOf(':');
                    String name = colon > ref.lastIndexOf('/') ? ref.substring(0, colon) : ref;
                    String tag = colon > ref.lastIndexOf('/') ? ref.substring(colon + 1) : null;
                    if (name.equals(image.get("name"))) {
                        String newTag = image.containsKey("newTag") ? (String) image.get("newTag") : tag;
                        c.put("image", image.getOrDefault("newName", name) + (newTag == null ? "" : ":" + newTag));
                        changed++;
                    }
                }
            }
            if (changed == 0) {
                throw new IllegalArgumentException("images: " + image.get("name") + " is no container's image");
            }
        }
        for (Object entry : list(k.get("replicas"))) {
            Map<String, Object> r = map(entry);
            onlyKeys(r, Set.of("name", "count"), "replicas");
            List<Map<String, Object>> matches = objects.stream().filter(o -> SCALABLE.contains(o.get("kind")) && name(o).equals(r.get("name"))).toList();
            if (matches.isEmpty()) {
                throw new IllegalArgumentException("replicas: no workload named " + r.get("name"));
            }
            matches.forEach(o -> map(o.get("spec")).put("replicas", r.get("count")));
        }
        return objects;
    }

    /** Strategic merge of {@code patch} into {@code target}: maps merge, null deletes, lists by {@link #MERGE_KEYS}. */
    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> target, Map<String, Object> patch) {
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            if (key.startsWith("$")) {
                throw new IllegalArgumentException("strategic-merge directive " + key + " is not supported by this renderer");
            }
            Object current = target.get(key);
            if (value == null) {
                target.remove(key);
            } else if (value instanceof Map<?, ?> m && current instanceof Map<?, ?> c) {
                merge((Map<String, Object>) c, (Map<String, Object>) m);
            } else if (value instanceof List<?> l && current instanceof List<?> c && MERGE_KEYS.containsKey(key)) {
                mergeList((List<Object>) c, (List<Object>) l, MERGE_KEYS.get(key));
            } else {
                target.put(key, value);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void mergeList(List<Object> target, List<Object> patch, String mergeKey) {
        for (Object p : patch) {
            Map<String, Object> element = (Map<String, Object>) p;
            Object key = element.get(mergeKey);
            Map<String, Object> existing = target.stream().map(t -> (Map<String, Object>) t)
                    .filter(t -> Objects.equals(t.get(mergeKey), key)).findFirst().orElse(null);
            if (existing == null) {
                target.add(element);
            } else {
                merge(existing, element);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> doc) {
        try {
            return YAML.readValue(YAML.writeValueAsBytes(doc), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Map<String, Object>> readAll(Path file) {
        try (MappingIterator<Map<String, Object>> docs = YAML.readerFor(Map.class).readValues(file.toFile())) {
            List<Map<String, Object>> result = new ArrayList<>();
            while (docs.hasNextValue()) {
                Map<String, Object> doc = docs.nextValue();
                if (doc != null) {
                    result.add(doc);
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    /** The containers of a workload's pod template (none for other kinds). */
    static List<Map<String, Object>> containers(Map<String, Object> o) {
        if (!(o.get("spec") instanceof Map<?, ?> spec) || !(spec.get("template") instanceof Map<?, ?> template)
                || !(template.get("spec") instanceof Map<?, ?> pod)) {
            return List.of();
        }
        List<Map<String, Object>> result = new ArrayList<>();
        for (String field : List.of("initContainers", "containers")) {
            list(pod.get(field)).forEach(c -> result.add(map(c)));
        }
        return result;
    }

    static String name(Map<String, Object> o) {
        return String.valueOf(map(o.get("metadata")).get("name"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        if (!(o instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("not a map: " + o);
        }
        return (Map<String, Object>) o;
    }

    static List<?> list(Object o) {
        return o == null ? List.of() : (List<?>) o;
    }

    private static void onlyKeys(Map<String, Object> m, Set<String> allowed, String what) {
        for (String key : m.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(what + ": '" + key + "' is not supported by this renderer (Kustomize.java)");
            }
        }
    }
}
