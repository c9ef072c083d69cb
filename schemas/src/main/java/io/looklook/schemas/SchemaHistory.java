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
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Every published version of every record schema, kept under {@code avro-history/<full name>/v<N>.avsc}, and the
 * rule between them: each version reads, and is read by, every other ({@link #fullTransitiveViolations}).
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
     * Why {@code current} and each of {@code earlier} cannot read each other's data; empty if they all can. Both ways
     * (FULL_TRANSITIVE, the registry's level for every event subject): the newest reader reads every past event, for
     * replays from offset 0, and a reader still on an earlier version reads the newest events, so consumers upgrade
     * when they choose.
     */
    public static List<String> fullTransitiveViolations(Schema current, List<Schema> earlier) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < earlier.size(); i++) {
            String version = "v" + (i + 1);
            incompatibility(current, earlier.get(i))
                    .ifPresent(why -> problems.add(current.getFullName() + " cannot read " + version + ": " + why));
            incompatibility(earlier.get(i), current)
                    .ifPresent(why -> problems.add(version + " of " + current.getFullName() + " cannot read it: " + why));
        }
        return problems;
    }

    private static Optional<String> incompatibility(Schema reader, Schema writer) {
        SchemaCompatibility.SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        return result.getType() == SchemaCompatibilityType.COMPATIBLE ? Optional.empty()
                : Optional.of(result.getResult().getIncompatibilities().toString());
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
