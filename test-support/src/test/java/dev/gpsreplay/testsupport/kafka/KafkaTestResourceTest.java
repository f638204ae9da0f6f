package dev.gpsreplay.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager.TestInjector;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

/** Drives the lifecycle manager the way Quarkus does: init, start, inject, stop. */
class KafkaTestResourceTest {

    /** Stands for a {@code @QuarkusTest} class. */
    static class FakeTest {
        @InjectKafkaBroker
        KafkaBroker kafka;

        KafkaBroker notAnnotated;

        @InjectKafkaBroker
        String wrongType;
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
            resource.inject(reflectiveInjector(test));
            assertThat(test.kafka).isSameAs(broker);
            assertThat(test.notAnnotated).isNull();
            assertThat(test.wrongType).isNull();

            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                Map<String, TopicDescription> topics = admin.describeTopics(List.of("gps-fixes", "vehicle-events"))
                        .allTopicNames()
                        .get(30, TimeUnit.SECONDS);
                assertThat(topics.get("gps-fixes").partitions()).hasSize(3);
                assertThat(topics.get("vehicle-events").partitions()).hasSize(1);
            }
            KafkaBrokerTest.produce(broker, "gps-fixes", List.of("a", "b", "c"));
            assertThat(KafkaBrokerTest.consumeFromBeginning(broker, "gps-fixes", 3, null))
                    .containsExactlyInAnyOrder("a", "b", "c");
        } finally {
            resource.stop();
        }
        assertThat(broker.isRunning()).isFalse();
        assertThat(dir).doesNotExist();
        assertThat(resource.broker()).isNull();
    }

    /** What Quarkus's own injector does: set every matching field of the test instance. */
    private static TestInjector reflectiveInjector(Object testInstance) {
        return (Object value, Predicate<Field> matches) -> {
            for (Field field : testInstance.getClass().getDeclaredFields()) {
                if (matches.test(field)) {
                    try {
                        field.setAccessible(true);
                        field.set(testInstance, value);
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        };
    }
}
