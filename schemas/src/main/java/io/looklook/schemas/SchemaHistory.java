package io.looklook.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Every published version of every event schema, kept under {@code avro-history/<full name>/v<N>.avsc}.
 * BACKWARD_TRANSITIVE: the newest schema must read data written with each earlier one, since engineers replay
 * topics from offset 0.
 */
public final class SchemaHistory {

    private static final String ROOT = "avro-history";

    private SchemaHistory() {
    }

    /** Full record names that have a history folder (read from the build's resource folder: for the build's tests). */
    public static List<String> recordNames() {
        try (Stream<Path> dirs = Files.list(root())) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The versions of one record, oldest first. Read as class-path resources ({@code v1.avsc}, {@code v2.avsc}, ...
     * until one is missing), so it works as well from a packaged jar, where a service reads its own state's history.
     */
    public static List<Schema> versions(String fullName) {
        List<Schema> versions = new ArrayList<>();
        ClassLoader loader = SchemaHistory.class.getClassLoader();
        for (int version = 1; ; version++) {
            try (InputStream in = loader.getResourceAsStream(ROOT + "/" + fullName + "/v" + version + ".avsc")) {
                if (in == null) {
                    return versions;
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Why {@code reader} cannot read data written with each of {@code writers}; empty if it can read them all.
     */
    public static List<String> backwardTransitiveViolations(Schema reader, List<Schema> writers) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < writers.size(); i++) {
            SchemaCompatibility.SchemaPairCompatibility result =
                    SchemaCompatibility.checkReaderWriterCompatibility(reader, writers.get(i));
            if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
                problems.add(reader.getFullName() + " cannot read v" + (i + 1) + ": "
                        + result.getResult().getIncompatibilities());
            }
        }
        return problems;
    }

    private static Path root() {
        URL url = SchemaHistory.class.getClassLoader().getResource(ROOT);
        if (url == null) {
            throw new IllegalStateException(ROOT + " is not on the classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
