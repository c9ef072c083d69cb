package io.looklook.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.looklook.schemas.RegistryContract;
import io.looklook.schemas.RegistryContract.SchemaRefusedException;
import io.looklook.schemas.SchemaCatalog;
import io.looklook.testsupport.TestInfra;
import io.looklook.travel.HomestaySnapshot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemasCommandIT extends ToolsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void registersEverySchemaWithItsOwnFullTransitiveLevelAndKeepsTheIdsWhenRunAgain() throws Exception {
        Run first = run("schemas", "register");
        Run again = run("schemas", "register");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(again.exitCode()).as(again.err()).isZero();
        List<String> subjects = SchemaCatalog.EVENTS.stream().map(Schema::getFullName).toList();
        assertThat(first.lines()).hasSize(subjects.size() + 1);
        for (String subject : subjects) {
            String row = first.lines().stream().filter(l -> l.startsWith(subject + " ")).findFirst().orElseThrow();
            assertThat(row.split("\\s+")[3]).isEqualTo("FULL_TRANSITIVE");
            assertThat(again.lines()).contains(row);
            // what a Confluent client reads: the subject exists and answers with its real level
            assertThat(get("/apis/ccompat/v7/config/" + subject)).contains("\"FULL_TRANSITIVE\"");
            assertThat(get("/apis/ccompat/v7/subjects/" + subject + "/versions/latest")).contains("\"subject\":\"" + subject + "\"");
        }
    }

    @Test
    void theRegistryRefusesADroppedRequiredFieldARenameWithoutAnAliasAndAChangedType() throws Exception {
        RegistryContract registry = new RegistryContract(TestInfra.get().registryUrl(), null);
        // a subject of its own: a copy of HomestaySnapshot under a namespace only this test uses
        String namespace = "it.schemas" + UUID.randomUUID().toString().replace("-", "");
        Schema v1 = parse(HomestaySnapshot.getClassSchema().toString().replace("\"namespace\":\"io.looklook.travel\"",
                "\"namespace\":\"" + namespace + "\""));
        assertThat(v1.getNamespace()).isEqualTo(namespace);
        registry.register(v1);

        assertRefused(registry, withFields(v1, fields(v1).stream().filter(f -> !f.name().equals("title")).toList()));
        assertRefused(registry, withFields(v1, fields(v1).stream().map(f -> !f.name().equals("title") ? f
                : new Schema.Field("headline", f.schema(), f.doc(), f.defaultVal())).toList()));
        assertRefused(registry, withFields(v1, fields(v1).stream().map(f -> !f.name().equals("title") ? f
                : new Schema.Field("title", Schema.create(Schema.Type.INT), f.doc(), f.defaultVal())).toList()));

        List<Schema.Field> additive = new java.util.ArrayList<>(fields(v1));
        additive.add(new Schema.Field("stars", Schema.create(Schema.Type.INT), null, 0));
        RegistryContract.Registered accepted = registry.register(withFields(v1, additive));
        assertThat(accepted.version()).isEqualTo(2);
        assertThat(accepted.compatibility()).isEqualTo("FULL_TRANSITIVE");
    }

    private static void assertRefused(RegistryContract registry, Schema edited) {
        assertThatThrownBy(() -> registry.register(edited)).as(edited.toString())
                .isInstanceOfSatisfying(SchemaRefusedException.class, refused -> assertThat(refused.status()).isEqualTo(409));
    }

    /** Copies of the record's fields (a field belongs to one record). */
    private static List<Schema.Field> fields(Schema record) {
        return record.getFields().stream().map(f -> new Schema.Field(f, f.schema())).toList();
    }

    private static Schema withFields(Schema record, List<Schema.Field> fields) {
        Schema edited = Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
        assertThat(edited).isNotEqualTo(record);
        return edited;
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(TestInfra.get().registryUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
        return answer.body();
    }
}
