package dev.gpsreplay.query.live;

import dev.gpsreplay.common.event.FixEvent;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One client's live feed of the {@link LiveView}: the current state of each vehicle it asks for,
 * then every newer fix as it is accepted, in order per vehicle, each vehicle's fixes never repeated
 * nor reordered. A heartbeat item is emitted at once (so the response starts even when there is no
 * state yet) and then every {@link Settings#heartbeatInterval()}. The feed completes when the view
 * loses Redis (checked every {@link Settings#syncCheckInterval()}), once the client has taken what
 * was queued before: the client reconnects and gets a fresh current state, or a 503 until Redis is
 * back.
 *
 * <p><b>A slow client never slows ingest nor other clients: it skips ahead.</b> The view hands each
 * fix to every feed with a constant-time append to the feed's own queue, on the ingest thread,
 * without waiting for anyone; the items are handed to the client on the client's own Vert.x context,
 * only as fast as it asks for them (its socket accepts them). When the client has fallen
 * {@link Settings#capacity()} fixes behind, each new fix evicts the <em>oldest</em> one still queued
 * for that client alone: it misses fixes but stays current, and sees the gap as a jump of
 * {@code sequence}. Memory per client is bounded by the capacity.
 *
 * <p>One subscriber per feed: a feed is made per request. A Reactive Streams publisher: the TCK's
 * publisher rules hold ({@code LiveFeedTckTest}).
 *
 * @param <T> what the client receives: a fix, or a heartbeat
 */
public final class LiveFeed<T> implements Flow.Publisher<T> {

    /**
     * @param capacity          fixes held for a client that is behind; beyond that the oldest are dropped
     * @param heartbeatInterval how often a heartbeat is emitted (after the first, at once)
     * @param syncCheckInterval how often the feed checks that the view is still in step with Redis
     */
    public record Settings(int capacity, Duration heartbeatInterval, Duration syncCheckInterval) {

        public Settings {
            if (capacity < 1
                    || heartbeatInterval.isNegative()
                    || heartbeatInterval.isZero()
                    || syncCheckInterval.isNegative()
                    || syncCheckInterval.isZero()) {
                throw new IllegalArgumentException("capacity and intervals must be positive");
            }
        }
    }

    /** What a feed reports, for metrics. Called from any thread. */
    public interface Observer {

        Observer NONE = new Observer() {};

        default void opened() {}

        default void closed() {}

        default void dropped() {}
    }

    private final LiveView view;
    private final Vertx vertx;
    private final Predicate<FixEvent> wanted;
    private final Supplier<? extends Collection<FixEvent>> currentStates;
    private final Function<FixEvent, T> toItem;
    private final Supplier<T> heartbeat;
    private final Settings settings;
    private final Observer observer;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    /**
     * @param wanted        which fixes this client receives (all, or one vehicle's)
     * @param currentStates the states sent first, oldest first; read when the client subscribes
     * @param toItem        turns a fix into what the client receives
     * @param heartbeat     what the client receives as a heartbeat
     */
    public LiveFeed(
            LiveView view,
            Vertx vertx,
            Predicate<FixEvent> wanted,
            Supplier<? extends Collection<FixEvent>> currentStates,
            Function<FixEvent, T> toItem,
            Supplier<T> heartbeat,
            Settings settings,
            Observer observer) {
        this.view = view;
        this.vertx = vertx;
        this.wanted = wanted;
        this.currentStates = currentStates;
        this.toItem = toItem;
        this.heartbeat = heartbeat;
        this.settings = settings;
        this.observer = observer;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {}

                @Override
                public void cancel() {}
            });
            subscriber.onError(new IllegalStateException("a live feed has one subscriber"));
            return;
        }
        new Delivery(subscriber).begin();
    }

    /** The state of one subscription. The queue and flags are guarded by {@code this}. */
    private final class Delivery implements Flow.Subscription {

        private final Flow.Subscriber<? super T> subscriber;
        private final Context context = vertx.getOrCreateContext();
        private final Deque<FixEvent> queue = new ArrayDeque<>();
        /** The newest fix queued per vehicle: anything not newer is a duplicate. */
        private final Map<String, FixEvent> newest = new HashMap<>();

        private final AtomicBoolean drainScheduled = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();
        private long requested;
        private boolean heartbeatDue = true;
        private boolean completeDue;
        private Cancellable live;
        private volatile long timer = -1;
        private long lastHeartbeatNanos = System.nanoTime();

        Delivery(Flow.Subscriber<? super T> subscriber) {
            this.subscriber = subscriber;
        }

        /**
         * Starts on the client's context: its {@code onSubscribe} then returns before the first
         * {@code onNext}, which is queued on that context too (rule 1.3, found by the TCK when a
         * subscriber requests from inside {@code onSubscribe} on another thread).
         */
        void begin() {
            if (Vertx.currentContext() == context) {
                start();
            } else {
                context.runOnContext(ignored -> start());
            }
        }

        private void start() {
            observer.opened();
            subscriber.onSubscribe(this);
            try {
                // Listen first, then read the current states, under the queue's lock: a fix accepted
                // meanwhile waits for the lock and is queued after them, or dropped as not newer.
                synchronized (this) {
                    if (closed.get()) { // cancelled from onSubscribe
                        return;
                    }
                    live = view.events().subscribe().with(this::offer);
                    currentStates.get().forEach(this::enqueue);
                }
            } catch (RuntimeException e) { // the view lost Redis since the request was checked
                close();
                subscriber.onError(e);
                return;
            }
            long period = Math.min(
                    settings.syncCheckInterval().toMillis(),
                    settings.heartbeatInterval().toMillis());
            timer = vertx.setPeriodic(Math.max(1, period), id -> tick());
            if (closed.get()) { // cancelled while starting
                vertx.cancelTimer(timer);
            }
            scheduleDrain();
        }

        /** On the ingest thread: constant time, never waits for the client. */
        private void offer(FixEvent event) {
            if (wanted.test(event)) {
                synchronized (this) {
                    enqueue(event);
                }
                scheduleDrain();
            }
        }

        private void enqueue(FixEvent event) {
            if (completeDue) { // the view lost Redis: nothing more is queued, the feed ends once drained
                return;
            }
            FixEvent held = newest.get(event.vehicleId());
            if (held != null && held.runId().equals(event.runId()) && held.sequence() >= event.sequence()) {
                return;
            }
            newest.put(event.vehicleId(), event);
            if (queue.size() >= settings.capacity()) {
                queue.pollFirst();
                observer.dropped();
            }
            queue.addLast(event);
        }

        private void tick() {
            boolean changed = false;
            synchronized (this) {
                if (!view.isSynced()) {
                    completeDue = true;
                    changed = true;
                } else if (System.nanoTime() - lastHeartbeatNanos
                        >= settings.heartbeatInterval().toNanos()) {
                    heartbeatDue = true;
                    changed = true;
                }
            }
            if (changed) {
                scheduleDrain();
            }
        }

        private void scheduleDrain() {
            if (!closed.get() && drainScheduled.compareAndSet(false, true)) {
                context.runOnContext(ignored -> {
                    drainScheduled.set(false);
                    drain();
                });
            }
        }

        /** On the client's context only, so items reach the subscriber one at a time. */
        private void drain() {
            while (!closed.get()) {
                FixEvent next = null;
                synchronized (this) {
                    boolean drained = !heartbeatDue && queue.isEmpty();
                    if (completeDue && drained) {
                        break; // completion needs no demand
                    }
                    if (requested == 0 || drained) {
                        return;
                    }
                    if (heartbeatDue) {
                        heartbeatDue = false;
                        lastHeartbeatNanos = System.nanoTime();
                    } else {
                        next = queue.pollFirst();
                    }
                    requested--;
                }
                subscriber.onNext(next == null ? heartbeat.get() : toItem.apply(next));
            }
            if (close()) {
                subscriber.onComplete();
            }
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                if (close()) {
                    subscriber.onError(new IllegalArgumentException(
                            "request must be positive (Reactive Streams rule 3.9), got " + n));
                }
                return;
            }
            synchronized (this) {
                requested = requested + n < 0 ? Long.MAX_VALUE : requested + n;
            }
            scheduleDrain();
        }

        @Override
        public void cancel() {
            close();
        }

        /** Stops listening; true the first time only. */
        private boolean close() {
            if (!closed.compareAndSet(false, true)) {
                return false;
            }
            Cancellable current;
            synchronized (this) {
                current = live;
                live = null;
                queue.clear();
            }
            if (current != null) {
                current.cancel();
            }
            if (timer != -1) {
                vertx.cancelTimer(timer);
            }
            observer.closed();
            return true;
        }
    }
}
