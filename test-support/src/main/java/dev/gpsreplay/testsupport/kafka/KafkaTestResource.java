package dev.gpsreplay.testsupport.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource that starts a real {@link KafkaBroker} for the test's application and points
 * {@code kafka.bootstrap.servers} at it (which also keeps Quarkus Dev Services for Kafka off).
 * Fields annotated with {@link InjectKafkaBroker} receive the broker.
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(value = KafkaTestResource.class,
 *         initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = "gps-fixes:3,vehicle-events"))
 * class ReplayerTest { ... }
 * }</pre>
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    /**
     * Optional init argument: topics to create once the broker runs, comma separated, each
     * {@code name} or {@code name:partitions} (1 partition when omitted).
     */
    public static final String TOPICS = "topics";

    /** The configuration property this resource sets. */
    public static final String BOOTSTRAP_SERVERS_PROPERTY = "kafka.bootstrap.servers";

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
        return Map.of(BOOTSTRAP_SERVERS_PROPERTY, broker.bootstrapServers());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(
                broker, new TestInjector.AnnotatedAndMatchesType(InjectKafkaBroker.class, KafkaBroker.class));
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
