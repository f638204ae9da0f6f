package dev.gpsreplay.query.service;

import dev.gpsreplay.query.task.AverageSpeedTasks;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * On shutdown, before the HTTP server waits for its requests ({@code quarkus.shutdown.timeout}):
 * waiting average-speed requests answer 503 with {@code Retry-After}, running tasks are marked FAILED
 * in Redis (their clients see why, and can ask again elsewhere), and event streams complete. The
 * pre-shutdown event needs {@code quarkus.shutdown.delay-enabled=true}; {@link ShutdownEvent} is the
 * fallback when it is off.
 */
@ApplicationScoped
public class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);
    /** How long the FAILED marks may take to reach Redis; Redis is still connected then. */
    private static final Duration TASKS_RECORDED = Duration.ofSeconds(5);

    private static final long POLL_MILLIS = 20;

    private final ShutdownSignal signal;
    private final AverageSpeedTasks tasks;

    public GracefulShutdown(ShutdownSignal signal, AverageSpeedTasks tasks) {
        this.signal = signal;
        this.tasks = tasks;
    }

    void onPreShutdown(@Observes ShutdownDelayInitiatedEvent event) {
        stop();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stop();
    }

    private void stop() {
        if (signal.isStopping()) {
            return;
        }
        int running = tasks.running();
        signal.stop();
        long deadline = System.nanoTime() + TASKS_RECORDED.toNanos();
        while (tasks.running() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS); // the shutdown thread: nothing else to do meanwhile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        LOG.infof(
                "Shutting down: %d average-speed task(s) marked FAILED, %d not recorded in time",
                running - tasks.running(), tasks.running());
    }
}
