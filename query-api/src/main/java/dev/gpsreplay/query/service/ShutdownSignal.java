package dev.gpsreplay.query.service;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Tells what waits long (average-speed windows, tasks, event streams) that this instance is
 * stopping, so that each ends at once and cleanly (a 503 to retry elsewhere, a task marked FAILED,
 * a stream completed) instead of being cut off by the shutdown timeout. See {@link GracefulShutdown}.
 */
@ApplicationScoped
public class ShutdownSignal {

    private final Set<Consumer<ShuttingDownException>> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /** Never emits an item; fails with {@link ShuttingDownException} when the instance stops. */
    public <T> Uni<T> failure() {
        return this.<T>signal().onItem().failWith(ShuttingDownException::new);
    }

    /** Emits {@code null} once, when the instance stops. */
    public Uni<Void> stopped() {
        return signal();
    }

    private <T> Uni<T> signal() {
        return Uni.createFrom().emitter((UniEmitter<? super T> emitter) -> {
            Consumer<ShuttingDownException> listener = ignored -> emitter.complete(null);
            waiting.add(listener);
            emitter.onTermination(() -> waiting.remove(listener));
            if (stopping) {
                emitter.complete(null);
            }
        });
    }

    /** Ends every wait in progress, and every later one at once. Idempotent. */
    public void stop() {
        stopping = true;
        ShuttingDownException reason = new ShuttingDownException();
        waiting.forEach(listener -> listener.accept(reason));
    }

    public boolean isStopping() {
        return stopping;
    }
}
