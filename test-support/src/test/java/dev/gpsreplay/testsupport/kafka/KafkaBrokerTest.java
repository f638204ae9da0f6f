package dev.gpsreplay.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real brokers: one shared by the class, plus a second one for the side-by-side test. */
class KafkaBrokerTest {

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        long started = System.nanoTime();
        broker = KafkaBroker.start();
        System.out.printf(
                "Kafka broker %s ready in %d ms%n",
                broker.bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @AfterAll
    static void closeBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void producesAndConsumesRecords() {
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
        broker.createTopic("fixes", 3);

        List<String> sent = List.of("fix-1", "fix-2", "fix-3", "fix-4", "fix-5");
        produce(broker, "fixes", sent);

        assertThat(consumeFromBeginning(broker, "fixes", sent.size(), null)).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void killedBrokerComesBackOnTheSamePortWithItsRecordsAndOffsets() throws Exception {
        broker.createTopic("survivors", 1);
        produce(broker, "survivors", List.of("before-1", "before-2", "before-3"));
        // A group reads and commits them all.
        assertThat(consumeFromBeginning(broker, "survivors", 3, "replay-group")).hasSize(3);
        String bootstrap = broker.bootstrapServers();
        long pidBefore = broker.pid().orElseThrow();

        broker.kill();

        assertThat(broker.isRunning()).isFalse();
        assertThat(ProcessHandle.of(pidBefore).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        assertThat(canConnect(broker.port())).isFalse();

        broker.restart();

        assertThat(broker.isRunning()).isTrue();
        assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
        assertThat(broker.pid().orElseThrow()).isNotEqualTo(pidBefore);
        assertThat(consumeFromBeginning(broker, "survivors", 3, null))
                .containsExactly("before-1", "before-2", "before-3");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("replay-group")
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            assertThat(committed.get(new TopicPartition("survivors", 0)).offset())
                    .isEqualTo(3);
        }

        // A graceful stop and start keeps everything too, and the broker takes new records.
        broker.stop();
        assertThat(broker.isRunning()).isFalse();
        broker.restart();
        produce(broker, "survivors", List.of("after"));
        assertThat(consumeFromBeginning(broker, "survivors", 4, null))
                .containsExactly("before-1", "before-2", "before-3", "after");
    }

    @Test
    void twoBrokersRunSideBySide() {
        Path secondDir;
        long secondPid;
        try (KafkaBroker second = KafkaBroker.start()) {
            secondDir = second.workDir();
            secondPid = second.pid().orElseThrow();
            assertThat(Set.of(second.port(), second.controllerPort()))
                    .doesNotContain(broker.port(), broker.controllerPort());
            assertThat(second.workDir()).isNotEqualTo(broker.workDir());

            second.createTopic("only-on-second", 1);
            produce(second, "only-on-second", List.of("x"));
            broker.createTopic("only-on-first", 1);
            produce(broker, "only-on-first", List.of("y"));

            assertThat(consumeFromBeginning(second, "only-on-second", 1, null)).containsExactly("x");
            assertThat(consumeFromBeginning(broker, "only-on-first", 1, null)).containsExactly("y");
            assertThat(topics(second)).contains("only-on-second").doesNotContain("only-on-first");
            assertThat(topics(broker)).contains("only-on-first").doesNotContain("only-on-second");
        }
        // close() killed it and deleted its directory; the first broker still runs.
        assertThat(ProcessHandle.of(secondPid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        assertThat(secondDir).doesNotExist();
        assertThat(broker.isRunning()).isTrue();
    }

    @Test
    void missingJarsFailWithTheBuildCommand(@TempDir Path dir) throws IOException {
        Path nested = Files.createDirectories(dir.resolve("a/b"));
        assertThatThrownBy(() -> KafkaConfig.locateLibs(null, null, nested))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kafka-broker/target/kafka-libs")
                .hasMessageContaining("./mvnw -f kafka-broker/pom.xml package");
        assertThatThrownBy(() -> KafkaConfig.locateLibs(dir.toString(), null, nested))
                .hasMessageContaining("-D" + KafkaBroker.LIBS_PROPERTY)
                .hasMessageContaining("./mvnw -f kafka-broker/pom.xml package");
        assertThatThrownBy(() -> KafkaConfig.locateLibs(null, dir.toString(), nested))
                .hasMessageContaining("$" + KafkaBroker.LIBS_ENV);
    }

    @Test
    void jarsAreFoundByWalkingUpOrFromThePropertyFirst(@TempDir Path dir) throws IOException {
        Path libs = Files.createDirectories(dir.resolve("kafka-broker/target/kafka-libs"));
        Files.createFile(libs.resolve("kafka_2.13-4.3.1.jar"));
        Path nested = Files.createDirectories(dir.resolve("test-support/target"));
        assertThat(KafkaConfig.locateLibs(null, null, nested)).isEqualTo(libs);

        Path other = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createFile(other.resolve("kafka_2.13-4.3.1.jar"));
        assertThat(KafkaConfig.locateLibs(other.toString(), "/nonexistent", nested))
                .isEqualTo(other);
        assertThat(KafkaConfig.locateLibs(null, other.toString(), nested)).isEqualTo(other);
    }

    // ------------------------------------------------------------------------------------------

    static void produce(KafkaBroker target, String topic, List<String> values) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value, value)).get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError("Cannot produce to " + topic + " on " + target.bootstrapServers(), e);
        }
    }

    /** Reads {@code expected} values from the start of every partition; commits them when {@code group} is set. */
    static List<String> consumeFromBeginning(KafkaBroker target, String topic, int expected, String group) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group != null ? group : "reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            if (group != null) {
                consumer.commitSync(Duration.ofSeconds(30));
            }
        }
        return values;
    }

    private static Set<String> topics(KafkaBroker target) {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers()))) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static boolean canConnect(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
