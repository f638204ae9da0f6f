package dev.gpsreplay.testsupport.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartitionInfo;

/** What is asked of a {@link KafkaBroker} through the Kafka Admin API: is it up, create a topic. */
final class KafkaAdmin {

    private KafkaAdmin() {}

    /** An admin client that fails and reconnects fast, for a broker that may be starting. */
    static Admin create(String bootstrapServers, String clientId) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG,
                clientId,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
                500));
    }

    /**
     * Whether the broker answers a Metadata request listing itself: a listening port is not enough,
     * it must also have registered with its controller and been unfenced. The port is probed first,
     * which keeps the client's "connection refused" warnings out of the caller's log.
     */
    static boolean answers(Admin admin, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        } catch (IOException notYet) {
            return false;
        }
        try {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
                    .nodes()
                    .get()
                    .isEmpty();
        } catch (ExecutionException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
        }
    }

    /** Creates a topic with replication factor 1 and waits until every partition has a leader. */
    static void createTopic(String bootstrapServers, String name, int partitions) {
        try (Admin admin = create(bootstrapServers, "gpsreplay-create-topic")) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!hasLeaders(admin, name, partitions)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Topic " + name + " has no leader for every partition after 30 s");
                }
                Thread.sleep(50);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "Cannot create topic " + name + " on " + bootstrapServers + ": "
                            + (e.getCause() == null ? e : e.getCause()),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        }
    }

    private static boolean hasLeaders(Admin admin, String name, int partitions)
            throws InterruptedException, TimeoutException {
        try {
            List<TopicPartitionInfo> found = admin.describeTopics(List.of(name))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .get(name)
                    .partitions();
            return found.size() == partitions
                    && found.stream()
                            .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException notVisibleYet) {
            return false; // UnknownTopicOrPartition: try again
        }
    }
}
