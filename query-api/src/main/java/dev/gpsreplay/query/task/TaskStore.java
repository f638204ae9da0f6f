package dev.gpsreplay.query.task;

import dev.gpsreplay.common.event.JsonCodec;
import dev.gpsreplay.common.view.RedisCalls;
import dev.gpsreplay.common.view.ViewConfig;
import dev.gpsreplay.common.view.ViewKeys;
import dev.gpsreplay.query.api.TaskStatus;
import dev.gpsreplay.query.config.QueryConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * Average-speed tasks in Redis, one JSON string per task. Each save sets the task's expiry: a task
 * still waiting for its window outlives the wait; an ended one stays {@code query.task-ttl}.
 */
@ApplicationScoped
public class TaskStore {

    private final ReactiveValueCommands<String, String> values;
    private final JsonCodec codec;
    private final ViewConfig viewConfig;
    private final QueryConfig config;

    public TaskStore(ReactiveRedisDataSource redis, JsonCodec codec, ViewConfig viewConfig, QueryConfig config) {
        this.values = redis.value(String.class);
        this.codec = codec;
        this.viewConfig = viewConfig;
        this.config = config;
    }

    /**
     * Saves a task that ended (DONE or FAILED): it is kept {@code query.task-ttl}.
     */
    public Uni<TaskStatus> save(TaskStatus task) {
        return save(task, Duration.ZERO);
    }

    /**
     * Saves a task that may still wait up to {@code stillWaiting}: it is kept that long plus
     * {@code query.task-ttl}, so it never expires before its window closes, however long the window.
     */
    public Uni<TaskStatus> save(TaskStatus task, Duration stillWaiting) {
        Duration ttl = config.taskTtl().plus(stillWaiting);
        return RedisCalls.bounded(
                        values.psetex(ViewKeys.task(task.taskId()), ttl.toMillis(), codec.encode(task)),
                        viewConfig.redisTimeout(),
                        "saving a task")
                .replaceWith(task);
    }

    public Uni<Optional<TaskStatus>> find(String taskId) {
        return RedisCalls.bounded(values.get(ViewKeys.task(taskId)), viewConfig.redisTimeout(), "reading a task")
                .map(json -> Optional.ofNullable(json).map(it -> codec.decode(it, TaskStatus.class)));
    }
}
