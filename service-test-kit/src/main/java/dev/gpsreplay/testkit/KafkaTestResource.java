package dev.gpsreplay.testkit;

import dev.gpsreplay.testsupport.kafka.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource that starts a real {@link KafkaBroker} for the test's application, points
 * {@code kafka.bootstrap.servers} at it (which also keeps Dev Services for Kafka off) and sets every
 * {@code KafkaBroker} field of the test to it, e.g. to {@linkplain KafkaBroker#kill() kill} and
 * {@linkplain KafkaBroker#restart() restart} it in a fault test. The init argument {@value #TOPICS}
 * lists topics to create, e.g. {@code @ResourceArg(name = TOPICS, value = "gps-fixes:3,vehicle-events")}
 * (one partition when none is given).
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    /** Init argument: topics to create, comma separated, each {@code name} or {@code name:partitions}. */
    public static final String TOPICS = "topics";

    private String topics = "";
    private KafkaBroker broker;

    @Override
    public void init(Map<String, String> initArgs) {
        topics = initArgs.getOrDefault(TOPICS, "");
    }

    @Override
    public Map<String, String> start() {
        broker = KafkaBroker.start();
        try {
            for (String topic : topics.split(",")) {
                String[] nameAndPartitions = topic.trim().split("\\s*:\\s*");
                if (!nameAndPartitions[0].isEmpty()) {
                    broker.createTopic(
                            nameAndPartitions[0],
                            nameAndPartitions.length == 1 ? 1 : Integer.parseInt(nameAndPartitions[1]));
                }
            }
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(broker, new TestInjector.MatchesType(KafkaBroker.class));
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** The running broker, or {@code null} before {@link #start()} and after {@link #stop()}. */
    public KafkaBroker broker() {
        return broker;
    }
}
