package dev.gpsreplay.query.live;

import dev.gpsreplay.common.event.FixEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Opens {@link LiveFeed}s on the live view for the push endpoints, with their settings and meters:
 * {@code gps.stream.clients} (feeds open now) and {@code gps.stream.dropped} (fixes a lagging client
 * skipped).
 */
@ApplicationScoped
public class LiveFeeds {

    /** Fixes held for a client that is behind, about 3 minutes of one vehicle at 5x speed. */
    public static final int CAPACITY = 1024;
    /** Comments this often keep proxies and load balancers from closing an idle stream. */
    public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(15);
    /** How soon a stream ends after the view loses Redis. */
    public static final Duration SYNC_CHECK_INTERVAL = Duration.ofSeconds(1);

    private static final LiveFeed.Settings SETTINGS =
            new LiveFeed.Settings(CAPACITY, HEARTBEAT_INTERVAL, SYNC_CHECK_INTERVAL);

    private final LiveView view;
    private final Vertx vertx;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter dropped;
    private final LiveFeed.Observer observer;

    public LiveFeeds(LiveView view, Vertx vertx, MeterRegistry registry) {
        this.view = view;
        this.vertx = vertx;
        Gauge.builder("gps.stream.clients", open, AtomicInteger::get)
                .description("Server-Sent Event streams open now")
                .register(registry);
        this.dropped = Counter.builder("gps.stream.dropped")
                .description("Fixes skipped for stream clients that fell behind")
                .register(registry);
        this.observer = new LiveFeed.Observer() {
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
                dropped.increment();
            }
        };
    }

    /** Every vehicle: their states first, the least recently updated first, then every fix. */
    public <T> LiveFeed<T> all(Function<FixEvent, T> toItem, Supplier<T> heartbeat) {
        return new LiveFeed<>(
                view, vertx, event -> true, () -> oldestFirst(view.all()), toItem, heartbeat, SETTINGS, observer);
    }

    /** One vehicle: its state first, then its fixes. */
    public <T> LiveFeed<T> vehicle(String vehicleId, Function<FixEvent, T> toItem, Supplier<T> heartbeat) {
        return new LiveFeed<>(
                view,
                vertx,
                event -> event.vehicleId().equals(vehicleId),
                () -> view.state(vehicleId).stream().toList(),
                toItem,
                heartbeat,
                SETTINGS,
                observer);
    }

    /** Streams open now. */
    public int openFeeds() {
        return open.get();
    }

    private static List<FixEvent> oldestFirst(Collection<FixEvent> states) {
        return states.stream()
                .sorted(Comparator.comparing(FixEvent::emittedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(FixEvent::vehicleId))
                .toList();
    }
}
