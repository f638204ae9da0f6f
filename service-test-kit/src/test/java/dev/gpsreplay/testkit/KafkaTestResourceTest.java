package dev.gpsreplay.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpsreplay.testsupport.kafka.KafkaBroker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

/** Drives the lifecycle manager the way Quarkus does: init, start, inject, stop. */
class KafkaTestResourceTest {

    /** Stands for a {@code @QuarkusTest} class. */
    static class FakeTest {
        KafkaBroker kafka;
        String otherType;
    }

    @Test
    void startsABrokerSetsBootstrapServersCreatesTopicsAndInjects() throws Exception {
        KafkaTestResource resource = new KafkaTestResource();
        resource.init(Map.of(KafkaTestResource.TOPICS, "gps-fixes:3, vehicle-events"));
        Map<String, String> config = resource.start();
        KafkaBroker broker = resource.broker();
        Path dir = broker.workDir();
        try {
            assertThat(config).containsExactly(Map.entry("kafka.bootstrap.servers", broker.bootstrapServers()));

            FakeTest test = new FakeTest();
            resource.inject(FieldInjector.into(test));
            assertThat(test.kafka).isSameAs(broker);
            assertThat(test.otherType).isNull();

            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                Map<String, TopicDescription> topics = admin.describeTopics(List.of("gps-fixes", "vehicle-events"))
                        .allTopicNames()
                        .get(30, TimeUnit.SECONDS);
                assertThat(topics.get("gps-fixes").partitions()).hasSize(3);
                assertThat(topics.get("vehicle-events").partitions()).hasSize(1);
            }
        } finally {
            resource.stop();
        }
        assertThat(broker.isRunning()).isFalse();
        assertThat(dir).doesNotExist();
        assertThat(resource.broker()).isNull();
    }
}
