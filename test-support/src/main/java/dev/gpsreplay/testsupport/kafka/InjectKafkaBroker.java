package dev.gpsreplay.testsupport.kafka;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of type {@link KafkaBroker} in a Quarkus test into which {@link KafkaTestResource}
 * injects the broker it started, e.g. to {@link KafkaBroker#kill()} and {@link KafkaBroker#restart()}
 * it in a fault test:
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(KafkaTestResource.class)
 * class ReplayerFaultTest {
 *     @InjectKafkaBroker
 *     KafkaBroker kafka;
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectKafkaBroker {}
