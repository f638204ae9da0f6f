package dev.gpsreplay.query.task;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.query.api.TaskStatus;
import dev.gpsreplay.query.config.QueryConfig;
import dev.gpsreplay.query.service.AverageSpeedService;
import dev.gpsreplay.query.service.InFlightLimit;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Average-speed requests answered later: the task is stored as REQUESTED and returned at once; it
 * runs in this instance (RUNNING) and ends DONE with its result or FAILED with a reason (also when
 * this instance shuts down first). The state lives in Redis so any instance can report it. At most
 * {@code query.max-running-tasks} run here at once; more is a 429.
 */
@ApplicationScoped
public class AverageSpeedTasks {

    private static final Logger LOG = Logger.getLogger(AverageSpeedTasks.class);
    /** A task takes at least its window to end: a retry much sooner would meet the same limit. */
    private static final long RETRY_AFTER_SECONDS = 5;

    private final TaskStore store;
    private final AverageSpeedService averages;
    private final MeterRegistry meters;
    private final InFlightLimit running;

    public AverageSpeedTasks(TaskStore store, AverageSpeedService averages, MeterRegistry meters, QueryConfig config) {
        this.store = store;
        this.averages = averages;
        this.meters = meters;
        this.running = new InFlightLimit(
                "average-speed tasks in progress",
                config.maxRunningTasks(),
                "query.max-running-tasks",
                RETRY_AFTER_SECONDS);
        meters.gauge("gps.tasks.running", running, InFlightLimit::inFlight);
    }

    /**
     * Stores a new task and starts it.
     *
     * @throws dev.gpsreplay.query.service.LimitExceededException when too many tasks run already
     */
    public Uni<TaskStatus> request(FixEvent current, long windowMillis) {
        running.acquire();
        TaskStatus task =
                TaskStatus.requested(UUID.randomUUID().toString(), current.vehicleId(), windowMillis / 1000.0);
        Duration waiting = averages.patience(windowMillis);
        return store.save(task, waiting).onFailure().invoke(running::release).invoke(() -> {
            counted(task);
            run(task, current, windowMillis, waiting);
        });
    }

    /** Counts each task as it reaches a status: gps_tasks_total{status=...}. */
    private TaskStatus counted(TaskStatus task) {
        meters.counter("gps.tasks", "status", task.status().name()).increment();
        return task;
    }

    private void run(TaskStatus task, FixEvent current, long windowMillis, Duration waiting) {
        store.save(task.with(TaskStatus.State.RUNNING), waiting)
                .map(this::counted)
                .flatMap(started -> averages.averageOverNext(current, windowMillis))
                .flatMap(result -> store.save(task.done(result)))
                .onFailure()
                .recoverWithUni(e -> store.save(task.failed(e.getMessage())))
                .map(this::counted)
                .onTermination()
                .invoke(running::release)
                .subscribe()
                .with(
                        done -> LOG.debugf("Task %s ended %s", done.taskId(), done.status()),
                        e -> LOG.warnf("Task %s could not record its end (Redis?): %s", task.taskId(), e.getMessage()));
    }

    /** Tasks running in this instance now. */
    public int running() {
        return running.inFlight();
    }
}
