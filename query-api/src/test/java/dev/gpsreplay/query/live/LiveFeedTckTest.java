package dev.gpsreplay.query.live;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;

import dev.gpsreplay.common.event.FixEvent;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.SkipException;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * {@link LiveFeed} against the Reactive Streams TCK's publisher rules (TestNG, run by JUnit's
 * TestNG engine). A feed of n elements: the heartbeat, then n - 1 vehicles' current states, on a
 * view that is not in step with Redis, so the feed completes once they are delivered.
 *
 * <p>The TCK checks rule 1.9 on an empty stream, which a feed never is: it always starts with its
 * heartbeat (so an SSE response starts at once). Those two tests run here on a one-element feed;
 * the optional ones on an empty stream are skipped.
 */
public class LiveFeedTckTest extends FlowPublisherVerification<Object> {

    private static final Object HEARTBEAT = "heartbeat";
    private static final long MAX_ELEMENTS = 1024;

    private Vertx vertx;

    public LiveFeedTckTest() {
        super(
                new TestEnvironment(Duration.ofMillis(500).toMillis()),
                Duration.ofSeconds(2).toMillis());
    }

    @BeforeClass
    public void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterClass
    public void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Override
    public Flow.Publisher<Object> createFlowPublisher(long elements) {
        if (elements == 0) {
            throw new SkipException("a live feed starts with a heartbeat: it is never empty");
        }
        List<FixEvent> states = LongStream.range(1, elements)
                .mapToObj(i -> LiveFeedTest.event("vehicle-" + i, 1))
                .toList();
        return feed(() -> states, (int) elements);
    }

    @Override
    public Flow.Publisher<Object> createFailedFlowPublisher() {
        return feed(
                () -> {
                    throw new IllegalStateException("the view lost Redis");
                },
                1);
    }

    /** Rule 1.9: {@code onSubscribe} first, whatever comes next (here, with one element). */
    @Override
    @Test
    public void required_spec109_mustIssueOnSubscribeForNonNullSubscriber() throws Throwable {
        BlockingQueue<String> signals = new LinkedBlockingQueue<>();
        createFlowPublisher(1).subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                signals.add("onSubscribe");
                subscription.request(1);
            }

            @Override
            public void onNext(Object item) {
                signals.add("onNext");
            }

            @Override
            public void onError(Throwable failure) {
                signals.add("onError");
            }

            @Override
            public void onComplete() {
                signals.add("onComplete");
            }
        });
        assertEquals(signals.poll(2, TimeUnit.SECONDS), "onSubscribe");
        assertEquals(signals.poll(2, TimeUnit.SECONDS), "onNext");
        assertEquals(signals.poll(2, TimeUnit.SECONDS), "onComplete");
    }

    /** Rule 1.9: a null subscriber is a {@code NullPointerException} (here, with one element). */
    @Override
    @Test
    public void required_spec109_subscribeThrowNPEOnNullSubscriber() {
        Flow.Publisher<Object> feed = createFlowPublisher(1);
        assertThrows(NullPointerException.class, () -> feed.subscribe(null));
    }

    @Override
    public long maxElementsFromPublisher() {
        return MAX_ELEMENTS;
    }

    private LiveFeed<Object> feed(Supplier<List<FixEvent>> states, int capacity) {
        LiveView neverSynced = new LiveView();
        return new LiveFeed<>(
                neverSynced,
                vertx,
                event -> true,
                states,
                event -> event,
                () -> HEARTBEAT,
                new LiveFeed.Settings(capacity, Duration.ofHours(1), Duration.ofMillis(10)),
                LiveFeed.Observer.NONE);
    }
}
