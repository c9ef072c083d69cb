package io.looklook.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicDeclarationTest {

    @Test
    void theDeclarationFileDeclaresTheCatalogTopicCompactedWithADlt() {
        assertThat(TopicDeclaration.all()).contains(new TopicDeclaration("travel.homestays", 3, "compact", true));
    }

    @Test
    void commentsAndBlankLinesAreSkipped() {
        assertThat(TopicDeclaration.parse(List.of("# header", "", "  a.b   6  delete  no  ")))
                .containsExactly(new TopicDeclaration("a.b", 6, "delete", false));
    }

    @Test
    void aDltHasTheSamePartitionsAndKeepsItsRecordsForever() {
        List<NewTopic> topics = new TopicDeclaration("x", 4, "compact", true).toNewTopics((short) 1);
        assertThat(topics).extracting(NewTopic::name).containsExactly("x", "x-dlt");
        assertThat(topics).allSatisfy(t -> assertThat(t.numPartitions()).isEqualTo(4));
        assertThat(topics.get(0).configs()).containsEntry("cleanup.policy", "compact");
        assertThat(topics.get(1).configs()).containsEntry("cleanup.policy", "delete").containsEntry("retention.ms", "-1");
    }

    @Test
    void threeReplicasTakeAWriteOnceTwoHaveItAndASingleBrokerOnceItHasIt() {
        assertThat(new TopicDeclaration("x", 3, "delete", true).toNewTopics((short) 3)).allSatisfy(t -> {
            assertThat(t.replicationFactor()).isEqualTo((short) 3);
            assertThat(t.configs()).containsEntry("min.insync.replicas", "2");
        });
        assertThat(new TopicDeclaration("x", 3, "delete", true).toNewTopics((short) 1))
                .allSatisfy(t -> assertThat(t.configs()).containsEntry("min.insync.replicas", "1"));
        assertThat(TopicDeclaration.minInsyncReplicas((short) 2)).as("2 of 2 would stop every write with one broker away").isEqualTo(1);
    }

    @Test
    void malformedLinesAreRejectedWithTheLine() {
        assertThatThrownBy(() -> TopicDeclaration.parse(List.of("a.b 3 compact"))).hasMessageContaining("a.b 3 compact");
        assertThatThrownBy(() -> TopicDeclaration.parse(List.of("a.b 0 compact no"))).hasMessageContaining("partitions");
        assertThatThrownBy(() -> TopicDeclaration.parse(List.of("a.b 3 forever no"))).hasMessageContaining("cleanup");
    }
}
