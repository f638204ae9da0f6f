package dev.gpsreplay.query.task;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.query.api.TaskStatus;
import dev.gpsreplay.query.service.AverageSpeedService;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Average-speed requests answered later: the task is stored as REQUESTED and returned at once; it
 * runs in this instance (RUNNING) and ends DONE with its result or FAILED with a reason. The state
 * lives in Redis so any instance can report it.
 */
@ApplicationScoped
public class AverageSpeedTasks {

    private static final Logger LOG = Logger.getLogger(AverageSpeedTasks.class);

    private final TaskStore store;
    private final AverageSpeedService averages;
    private final MeterRegistry meters;

    public AverageSpeedTasks(TaskStore store, AverageSpeedService averages, MeterRegistry meters) {
        this.store = store;
        this.averages = averages;
        this.meters = meters;
    }

    public Uni<TaskStatus> request(FixEvent current, long seconds) {
        TaskStatus task = new TaskStatus(UUID.randomUUID().toString(), TaskStatus.State.REQUESTED, null, null);
        return store.save(task).invoke(() -> {
            counted(task);
            run(task, current, seconds);
        });
    }

    /** Counts each task as it reaches a status: gps_tasks_total{status=...}. */
    private TaskStatus counted(TaskStatus task) {
        meters.counter("gps.tasks", "status", task.status().name()).increment();
        return task;
    }

    private void run(TaskStatus task, FixEvent current, long seconds) {
        store.save(task.with(TaskStatus.State.RUNNING)).map(this::counted)
                .flatMap(running -> averages.averageOverNext(current, seconds))
                .flatMap(result -> store.save(task.done(result)))
                .onFailure().recoverWithUni(e -> store.save(task.failed(e.getMessage())))
                .map(this::counted)
                .subscribe().with(
                        done -> LOG.debugf("Task %s ended %s", done.taskId(), done.status()),
                        e -> LOG.warnf("Task %s could not record its end (Redis?): %s", task.taskId(), e.getMessage()));
    }
}
