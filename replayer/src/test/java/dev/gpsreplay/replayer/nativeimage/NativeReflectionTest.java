package dev.gpsreplay.replayer.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.domain.GpsFix;
import dev.gpsreplay.replayer.replay.ReplayStatus;
import dev.gpsreplay.replayer.rest.ReplayResource;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.FieldInfo;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.Type;
import org.junit.jupiter.api.Test;

/**
 * Every type Jackson reads or writes in the replayer is registered for reflection, so the native
 * executable can (de)serialize it: a DTO added without {@code @RegisterForReflection} fails here, in
 * the normal build, instead of at run time in a native image only.
 *
 * <p>The types that must be registered, found with Jandex in the replayer's and its project
 * dependencies' classes: every type a JAX-RS resource method returns or takes (inside {@code Uni},
 * {@code List}, {@code RestResponse}, ...) or an exception mapper returns, every record of an {@code api}, {@code event} or
 * {@code problem} package (the fix event schema and RFC 9457 problems among them), and, through
 * their fields, every project type those contain. Enums are exempt: native-image keeps every
 * reachable enum's constants without reflection.
 */
class NativeReflectionTest {

    private static final DotName REGISTER_FOR_REFLECTION = DotName.createSimple(RegisterForReflection.class);
    /** JAX-RS resource methods: what they return and take crosses the wire. */
    private static final List<DotName> RESOURCE_METHODS = Stream.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD",
            "OPTIONS").map(method -> DotName.createSimple("jakarta.ws.rs." + method)).toList();
    /** Exception mappers: what they return crosses the wire (the exception they take does not). */
    private static final DotName EXCEPTION_MAPPER =
            DotName.createSimple("org.jboss.resteasy.reactive.server.ServerExceptionMapper");
    private static final Set<String> WIRE_PACKAGES = Set.of("api", "event", "problem");
    private static final String PROJECT_PACKAGE = "dev.gpsreplay.";

    /** The replayer's own classes, service-common's and gps-domain's: everything of ours a resource can reach. */
    private static final Index INDEX = index(ReplayResource.class, FixEvent.class, GpsFix.class);

    @Test
    void everyTypeOnTheWireIsRegisteredForReflection() {
        assertThat(unregistered(INDEX, NativeReflectionTest::isRegistered))
                .as("types Jackson (de)serializes in native mode but not annotated @RegisterForReflection")
                .isEmpty();
    }

    @Test
    void theScanFindsTheTypesItIsFor() {
        assertThat(wireTypes(INDEX)).contains(name(ReplayStatus.class), name(FixEvent.class),
                DotName.createSimple("dev.gpsreplay.common.event.SeedFix"),
                DotName.createSimple("dev.gpsreplay.common.problem.Problem"),
                DotName.createSimple("dev.gpsreplay.common.problem.Problem$ProblemError"));
    }

    @Test
    void aWireTypeWithoutTheAnnotationIsReported() {
        // As if ReplayStatus had lost its @RegisterForReflection.
        Predicate<ClassInfo> withoutReplayStatus = c -> isRegistered(c) && !c.name().equals(name(ReplayStatus.class));
        assertThat(unregistered(INDEX, withoutReplayStatus)).containsExactly(ReplayStatus.class.getName());
    }

    // ---- the scan ------------------------------------------------------------------------------

    /** The wire types (see the class comment) that {@code registered} does not accept, by name. */
    static Set<String> unregistered(Index index, Predicate<ClassInfo> registered) {
        Set<String> missing = new TreeSet<>();
        for (DotName type : wireTypes(index)) {
            ClassInfo info = index.getClassByName(type);
            if (!info.isEnum() && !registered.test(info) && !registeredByTargets(index, type)) {
                missing.add(type.toString());
            }
        }
        return missing;
    }

    /** The project's classes Jackson meets: resource signatures, wire-package records, and what they hold. */
    static Set<DotName> wireTypes(Index index) {
        Deque<Type> pending = new ArrayDeque<>();
        for (ClassInfo type : index.getKnownClasses()) {
            if (type.isRecord() && WIRE_PACKAGES.contains(lastSegment(type.name().packagePrefix()))) {
                pending.add(Type.create(type.name(), Type.Kind.CLASS));
            }
            for (MethodInfo method : type.methods()) {
                if (RESOURCE_METHODS.stream().anyMatch(method::hasDeclaredAnnotation)) {
                    pending.add(method.returnType());
                    pending.addAll(method.parameterTypes());
                } else if (method.hasDeclaredAnnotation(EXCEPTION_MAPPER)) {
                    pending.add(method.returnType());
                }
            }
        }
        Set<DotName> found = new TreeSet<>();
        while (!pending.isEmpty()) {
            Type type = pending.pop();
            switch (type.kind()) {
                case PARAMETERIZED_TYPE -> pending.addAll(type.asParameterizedType().arguments());
                case ARRAY -> pending.add(type.asArrayType().constituent());
                case WILDCARD_TYPE -> pending.add(type.asWildcardType().extendsBound());
                default -> {
                }
            }
            ClassInfo info = index.getClassByName(type.name());
            if (info != null && type.name().toString().startsWith(PROJECT_PACKAGE) && found.add(info.name())) {
                for (FieldInfo field : info.fields()) {
                    if (!Modifier.isStatic(field.flags())) {
                        pending.add(field.type());
                    }
                }
            }
        }
        return found;
    }

    static boolean isRegistered(ClassInfo type) {
        return type.declaredAnnotation(REGISTER_FOR_REFLECTION) != null;
    }

    /** {@code @RegisterForReflection(targets = X.class)} on any class registers X too. */
    private static boolean registeredByTargets(Index index, DotName type) {
        for (AnnotationInstance annotation : index.getAnnotations(REGISTER_FOR_REFLECTION)) {
            AnnotationValue targets = annotation.value("targets");
            if (targets != null && List.of(targets.asClassArray()).stream().anyMatch(t -> t.name().equals(type))) {
                return true;
            }
        }
        return false;
    }

    // ---- indexing the compiled classes ---------------------------------------------------------

    /** A Jandex index of the classes folder or jar each of these classes was loaded from. */
    static Index index(Class<?>... fromTheLocationsOf) {
        Indexer indexer = new Indexer();
        for (Class<?> anchor : fromTheLocationsOf) {
            Path location = location(anchor);
            try {
                if (Files.isDirectory(location)) {
                    try (Stream<Path> files = Files.walk(location)) {
                        for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                            try (InputStream in = Files.newInputStream(file)) {
                                indexer.index(in);
                            }
                        }
                    }
                } else {
                    try (JarFile jar = new JarFile(location.toFile())) {
                        for (var entry : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                indexer.index(in);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return indexer.complete();
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String lastSegment(String packageName) {
        return packageName == null ? "" : packageName.substring(packageName.lastIndexOf('.') + 1);
    }

    private static DotName name(Class<?> type) {
        return DotName.createSimple(type);
    }
}
