package dev.gpsreplay.query.task;

import dev.gpsreplay.common.event.JsonCodec;
import dev.gpsreplay.common.view.RedisCalls;
import dev.gpsreplay.common.view.ViewConfig;
import dev.gpsreplay.common.view.ViewKeys;
import dev.gpsreplay.query.api.TaskStatus;
import dev.gpsreplay.query.config.QueryConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Average-speed tasks in Redis, one JSON string per task, expiring after {@code query.task-ttl}. */
@ApplicationScoped
public class TaskStore {

    private final ReactiveRedisDataSource redis;
    private final JsonCodec codec;
    private final ViewConfig viewConfig;
    private final QueryConfig config;

    public TaskStore(ReactiveRedisDataSource redis, JsonCodec codec, ViewConfig viewConfig, QueryConfig config) {
        this.redis = redis;
        this.codec = codec;
        this.viewConfig = viewConfig;
        this.config = config;
    }

    public Uni<TaskStatus> save(TaskStatus task) {
        return RedisCalls.bounded(redis.execute("SET", ViewKeys.task(task.taskId()), codec.encode(task),
                        "PX", Long.toString(config.taskTtl().toMillis())), viewConfig.redisTimeout(), "saving a task")
                .replaceWith(task);
    }

    public Uni<Optional<TaskStatus>> find(String taskId) {
        return RedisCalls.bounded(redis.execute("GET", ViewKeys.task(taskId)), viewConfig.redisTimeout(), "reading a task")
                .map(r -> Optional.ofNullable(r).map(Object::toString).map(json -> codec.decode(json, TaskStatus.class)));
    }
}
