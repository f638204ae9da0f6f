package dev.gpsreplay.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of type {@link RedisServer} in a Quarkus test that uses {@link RedisTestResource}:
 * the test resource sets it to the running server, so the test can {@linkplain RedisServer#stop()
 * stop} or {@linkplain RedisServer#restart() restart} Redis. Another resource may inject its own
 * type through it (query-api's Redis Cluster resource does).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectRedisServer {}
