package dev.gpsreplay.replayer.nativeimage;

import static dev.gpsreplay.testkit.nativeimage.WireTypes.index;
import static dev.gpsreplay.testkit.nativeimage.WireTypes.isRegistered;
import static dev.gpsreplay.testkit.nativeimage.WireTypes.name;
import static dev.gpsreplay.testkit.nativeimage.WireTypes.unregistered;
import static dev.gpsreplay.testkit.nativeimage.WireTypes.wireTypes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.domain.GpsFix;
import dev.gpsreplay.replayer.replay.ReplayStatus;
import dev.gpsreplay.replayer.rest.ReplayResource;
import java.util.function.Predicate;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.junit.jupiter.api.Test;

/**
 * Every type Jackson reads or writes in the replayer is registered for reflection, so the native
 * executable can (de)serialize it: a DTO added without {@code @RegisterForReflection} fails here, in
 * the normal build, instead of at run time in a native image only.
 *
 * <p>The types that must be registered, found with Jandex in the replayer's and its project
 * dependencies' classes: every type a JAX-RS resource method returns or takes (inside {@code Uni},
 * {@code List}, {@code RestResponse}, ...) or an exception mapper returns, every record of an {@code api}, {@code event}, {@code legacy} or
 * {@code problem} package (the fix event schema and RFC 9457 problems among them), and, through
 * their fields, every project type those contain. Enums are exempt: native-image keeps every
 * reachable enum's constants without reflection.
 */
class NativeReflectionTest {

    /** The replayer's own classes, service-common's and gps-domain's: everything of ours a resource can reach. */
    private static final Index INDEX = index(ReplayResource.class, FixEvent.class, GpsFix.class);

    @Test
    void everyTypeOnTheWireIsRegisteredForReflection() {
        assertThat(unregistered(INDEX, c -> isRegistered(c)))
                .as("types Jackson (de)serializes in native mode but not annotated @RegisterForReflection")
                .isEmpty();
    }

    @Test
    void theScanFindsTheTypesItIsFor() {
        assertThat(wireTypes(INDEX))
                .contains(
                        name(ReplayStatus.class),
                        name(FixEvent.class),
                        name(GpsFix.class),
                        DotName.createSimple("dev.gpsreplay.common.legacy.LegacyFix"),
                        DotName.createSimple("dev.gpsreplay.common.problem.Problem"),
                        DotName.createSimple("dev.gpsreplay.common.problem.Problem$ProblemError"));
    }

    @Test
    void aWireTypeWithoutTheAnnotationIsReported() {
        // As if ReplayStatus had lost its @RegisterForReflection.
        Predicate<ClassInfo> withoutReplayStatus =
                c -> isRegistered(c) && !c.name().equals(name(ReplayStatus.class));
        assertThat(unregistered(INDEX, withoutReplayStatus)).containsExactly(ReplayStatus.class.getName());
    }
}
