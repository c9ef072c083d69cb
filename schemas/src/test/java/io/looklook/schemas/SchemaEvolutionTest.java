package io.looklook.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * Fails the build when a schema changes in a way that breaks a reader of another version, in either direction
 * (FULL_TRANSITIVE, the level the registry enforces per event subject), or when a change is not recorded as a new
 * version in avro-history.
 */
class SchemaEvolutionTest {

    private static final List<Schema> ALL = Stream.concat(SchemaCatalog.EVENTS.stream(), SchemaCatalog.STATE.stream()).toList();

    @Test
    void everyRecordHasAHistoryAndTheNewestVersionIsTheCurrentSchema() {
        assertThat(SchemaHistory.recordNames()).containsExactlyInAnyOrderElementsOf(ALL.stream().map(Schema::getFullName).toList());
        for (Schema record : ALL) {
            Schema current = sourceOf(record);
            List<Schema> versions = SchemaHistory.versions(current.getFullName());
            assertThat(versions).as("history of %s", current.getFullName()).isNotEmpty();
            assertThat(versions.get(versions.size() - 1))
                    .as("%s changed: copy src/main/avro to a new avro-history version", current.getFullName())
                    .isEqualTo(current);
        }
    }

    @Test
    void everySourceFileIsInTheCatalogue() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/avro"))) {
            assertThat(files.map(f -> f.getFileName().toString().replace(".avsc", "")).toList())
                    .containsExactlyInAnyOrderElementsOf(ALL.stream().map(Schema::getName).toList());
        }
    }

    @Test
    void currentSchemasReadAndAreReadByEveryPastVersion() {
        for (Schema record : ALL) {
            Schema current = sourceOf(record);
            assertThat(SchemaHistory.fullTransitiveViolations(current, SchemaHistory.versions(current.getFullName()))).isEmpty();
        }
    }

    @Test
    void aNewRequiredFieldIsRefused() {
        Schema v1 = homestaySnapshot();
        // v1 records have no value for it
        Schema edited = parse(v1.toString().replace("\"fields\":[", "\"fields\":[{\"name\":\"stars\",\"type\":\"int\"},"));

        assertThat(SchemaHistory.fullTransitiveViolations(edited, List.of(v1)))
                .singleElement().asString().contains("cannot read v1").contains("stars");
    }

    @Test
    void droppingARequiredFieldIsRefused() {
        Schema v1 = homestaySnapshot();
        // a reader still on v1 finds no title in the new records, and has no default for it
        Schema edited = without(v1, "title");

        assertThat(SchemaHistory.fullTransitiveViolations(edited, List.of(v1)))
                .singleElement().asString().contains("v1 of io.looklook.travel.HomestaySnapshot cannot read it").contains("title");
    }

    @Test
    void renamingAFieldWithoutAnAliasIsRefused() {
        Schema v1 = homestaySnapshot();
        Schema edited = parse(v1.toString().replace("\"name\":\"title\"", "\"name\":\"headline\""));

        assertThat(SchemaHistory.fullTransitiveViolations(edited, List.of(v1))).hasSize(2)
                .anySatisfy(problem -> assertThat(problem).contains("cannot read v1").contains("headline"))
                .anySatisfy(problem -> assertThat(problem).contains("cannot read it").contains("title"));
    }

    @Test
    void changingAFieldsTypeIsRefused() {
        Schema v1 = homestaySnapshot();
        Schema title = v1.getField("title").schema();
        assertThat(title.getType()).isEqualTo(Schema.Type.STRING);
        Schema edited = parse(v1.toString().replace("{\"name\":\"title\",\"type\":\"string\"}", "{\"name\":\"title\",\"type\":\"int\"}"));
        assertThat(edited.getField("title").schema().getType()).isEqualTo(Schema.Type.INT);

        assertThat(SchemaHistory.fullTransitiveViolations(edited, List.of(v1))).hasSize(2);
    }

    @Test
    void anAdditiveEditWithADefaultPasses() {
        Schema v1 = homestaySnapshot();
        Schema additive = parse(v1.toString().replace("\"fields\":[", "\"fields\":[{\"name\":\"stars\",\"type\":\"int\",\"default\":0},"));

        assertThat(SchemaHistory.fullTransitiveViolations(additive, List.of(v1))).isEmpty();
    }

    @Test
    void aBreakInAnOlderVersionIsCaughtTransitively() {
        Schema v1 = homestaySnapshot();
        Schema v2 = without(v1, "title");
        // v3 re-adds title without a default: compatible with v1, not with v2
        assertThat(SchemaHistory.fullTransitiveViolations(v1, List.of(v1, v2))).singleElement().asString().contains("v2");
    }

    private static Schema homestaySnapshot() {
        return sourceOf(io.looklook.travel.HomestaySnapshot.getClassSchema());
    }

    private static Schema without(Schema schema, String field) {
        List<Schema.Field> kept = schema.getFields().stream().filter(f -> !f.name().equals(field))
                .map(f -> new Schema.Field(f, f.schema())).toList();
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, kept);
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    /** The schema as written in src/main/avro (the generated class adds Java-only properties). */
    private static Schema sourceOf(Schema generated) {
        Path source = Path.of("src/main/avro", generated.getName() + ".avsc");
        try {
            return parse(Files.readString(source));
        } catch (IOException e) {
            throw new UncheckedIOException("no source schema " + source, e);
        }
    }
}
