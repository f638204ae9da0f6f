package dev.gpsreplay.query.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.domain.GpsFix;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-client feed without Quarkus: order, no duplicates, and the slow-client policy. */
class LiveFeedTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String HEARTBEAT = "heartbeat";

    private Vertx vertx;
    private LiveView view;
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final LiveFeed.Observer observer = new LiveFeed.Observer() {
        @Override
        public void opened() {
            open.incrementAndGet();
        }

        @Override
        public void closed() {
            open.decrementAndGet();
        }

        @Override
        public void dropped() {
            dropped.incrementAndGet();
        }
    };

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        view = new LiveView();
        view.reload(List.of());
    }

    @AfterEach
    void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void currentStatesFirstThenEveryNewerFixOnce() {
        view.accept(event("a", 1));
        view.accept(event("b", 1));
        view.accept(event("a", 2));
        Client client = subscribe(feed(3, Duration.ofHours(1)), Long.MAX_VALUE);

        await().atMost(WAIT).until(() -> client.items.size() == 3);
        assertThat(client.items).startsWith(HEARTBEAT).containsExactlyInAnyOrder(HEARTBEAT, "a:2", "b:1");
        view.accept(event("a", 3));
        view.accept(event("a", 2)); // older: not accepted by the view, never sent
        view.accept(event("b", 2));
        await().atMost(WAIT).until(() -> client.items.size() == 5);
        assertThat(client.items.subList(3, 5)).containsExactly("a:3", "b:2");
    }

    @Test
    void aSlowClientSkipsAheadAloneAndTheOthersGetEverything() {
        view.accept(event("bus", 1));
        Client slow = subscribe(feed(3, Duration.ofHours(1)), 1); // takes the heartbeat, then nothing
        Client fast = subscribe(feed(100, Duration.ofHours(1)), Long.MAX_VALUE);
        await().atMost(WAIT).until(() -> slow.items.size() == 1 && fast.items.size() == 2);

        for (int sequence = 2; sequence <= 20; sequence++) {
            view.accept(event("bus", sequence)); // never waits for the slow client
        }
        await().atMost(WAIT).until(() -> fast.items.size() == 21);
        assertThat(fast.items.subList(1, 21)).isEqualTo(ids("bus", 1, 20));

        slow.subscription.get().request(100);
        await().atMost(WAIT).until(() -> slow.items.size() == 4);
        // it kept the 3 newest fixes: the oldest were dropped for it alone
        assertThat(slow.items).containsExactly(HEARTBEAT, "bus:18", "bus:19", "bus:20");
        assertThat(dropped.get()).isEqualTo(20 - 3);
    }

    @Test
    void heartbeatsComeAtTheInterval() {
        Client client = subscribe(feed(10, Duration.ofMillis(100)), Long.MAX_VALUE);
        await().atMost(WAIT).until(() -> client.items.size() >= 3);
        assertThat(client.items).containsOnly(HEARTBEAT);
    }

    @Test
    void theFeedEndsWhenTheViewLosesRedisAndCancelReleasesIt() {
        Client ending = subscribe(feed(10, Duration.ofHours(1)), Long.MAX_VALUE);
        Client cancelled = subscribe(feed(10, Duration.ofHours(1)), Long.MAX_VALUE);
        await().atMost(WAIT).until(() -> open.get() == 2);
        cancelled.subscription.get().cancel();
        assertThat(open.get()).isEqualTo(1);

        view.markUnsynced();
        await().atMost(WAIT).until(() -> ending.completed.get() && open.get() == 0);
    }

    @Test
    void subscribingWhileTheViewIsUnsyncedFails() {
        view.markUnsynced();
        Client client = subscribe(feed(10, Duration.ofHours(1)), Long.MAX_VALUE);
        await().atMost(WAIT).until(() -> client.failure.get() != null);
        assertThat(client.failure.get()).isInstanceOf(dev.gpsreplay.common.view.ViewUnavailableException.class);
        assertThat(open.get()).isZero();
    }

    private LiveFeed<String> feed(int capacity, Duration heartbeat) {
        return new LiveFeed<>(
                view,
                vertx,
                event -> true,
                view::all,
                event -> event.vehicleId() + ":" + event.sequence(),
                () -> HEARTBEAT,
                new LiveFeed.Settings(capacity, heartbeat, Duration.ofMillis(50)),
                observer);
    }

    /** Subscribes from a Vert.x event loop, as the HTTP layer does, asking for {@code demand} items. */
    private Client subscribe(LiveFeed<String> feed, long demand) {
        Client client = new Client(demand);
        vertx.runOnContext(ignored -> feed.subscribe(client));
        await().atMost(WAIT).until(() -> client.subscription.get() != null);
        return client;
    }

    private static List<String> ids(String vehicle, int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> vehicle + ":" + i).toList();
    }

    static FixEvent event(String vehicle, long sequence) {
        GpsFix fix = new GpsFix(
                Instant.ofEpochMilli(1_577_218_887_999L + sequence * 1000),
                -27.7,
                -51.1,
                984.0,
                4.0,
                0.0,
                1.0,
                14,
                0.8,
                1.6,
                1.8,
                1.0,
                1.0);
        return new FixEvent(
                FixEvent.SCHEMA_VERSION,
                vehicle,
                "run-" + vehicle,
                sequence,
                (int) sequence - 1,
                100,
                Instant.now(),
                fix);
    }

    private static final class Client implements Flow.Subscriber<String> {

        final List<String> items = new CopyOnWriteArrayList<>();
        final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicBoolean completed = new AtomicBoolean();
        private final long demand;

        Client(long demand) {
            this.demand = demand;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription.set(s);
            s.request(demand);
        }

        @Override
        public void onNext(String item) {
            items.add(item);
        }

        @Override
        public void onError(Throwable t) {
            failure.set(t);
        }

        @Override
        public void onComplete() {
            completed.set(true);
        }
    }
}
