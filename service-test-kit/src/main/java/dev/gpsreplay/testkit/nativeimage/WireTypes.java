package dev.gpsreplay.testkit.nativeimage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
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

/**
 * Finds, with Jandex, the project's types that Jackson reads or writes in a service, and those of
 * them that are not registered for reflection (so a native image would fail on them at run time).
 * Used by each service's {@code NativeReflectionTest}.
 *
 * <p>Wire types: the return and parameter types (bar {@code @BeanParam}s) of JAX-RS resource methods and of
 * {@code @ServerExceptionMapper}s, every record in a package named {@code api}, {@code event}, {@code legacy} or
 * {@code problem}, and, transitively, the project types their fields hold. Enums are exempt: the
 * native image keeps enum constants without registration.
 */
public final class WireTypes {

    private static final DotName REGISTER_FOR_REFLECTION =
            DotName.createSimple("io.quarkus.runtime.annotations.RegisterForReflection");
    private static final List<DotName> RESOURCE_METHODS = Stream.of(
                    "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")
            .map(method -> DotName.createSimple("jakarta.ws.rs." + method))
            .toList();
    private static final DotName BEAN_PARAM = DotName.createSimple("jakarta.ws.rs.BeanParam");
    private static final DotName EXCEPTION_MAPPER =
            DotName.createSimple("org.jboss.resteasy.reactive.server.ServerExceptionMapper");
    private static final Set<String> WIRE_PACKAGES = Set.of("api", "event", "legacy", "problem");
    private static final String PROJECT_PACKAGE = "dev.gpsreplay.";

    private WireTypes() {}

    /** The wire types (see the class comment) that {@code registered} does not accept, by name. */
    public static Set<String> unregistered(Index index, Predicate<ClassInfo> registered) {
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
    public static Set<DotName> wireTypes(Index index) {
        Deque<Type> pending = new ArrayDeque<>();
        for (ClassInfo type : index.getKnownClasses()) {
            if (type.isRecord()
                    && WIRE_PACKAGES.contains(lastSegment(type.name().packagePrefix()))) {
                pending.add(Type.create(type.name(), Type.Kind.CLASS));
            }
            for (MethodInfo method : type.methods()) {
                if (RESOURCE_METHODS.stream().anyMatch(method::hasDeclaredAnnotation)) {
                    pending.add(method.returnType());
                    // a @BeanParam is filled from the request's parameters by generated code, not by Jackson
                    method.parameters().stream()
                            .filter(parameter -> !parameter.hasDeclaredAnnotation(BEAN_PARAM))
                            .forEach(parameter -> pending.add(parameter.type()));
                } else if (method.hasDeclaredAnnotation(EXCEPTION_MAPPER)) {
                    pending.add(method.returnType());
                }
            }
        }
        Set<DotName> found = new TreeSet<>();
        while (!pending.isEmpty()) {
            Type type = pending.pop();
            switch (type.kind()) {
                case PARAMETERIZED_TYPE ->
                    pending.addAll(type.asParameterizedType().arguments());
                case ARRAY -> pending.add(type.asArrayType().constituent());
                case WILDCARD_TYPE -> pending.add(type.asWildcardType().extendsBound());
                default -> {}
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

    public static boolean isRegistered(ClassInfo type) {
        return type.declaredAnnotation(REGISTER_FOR_REFLECTION) != null;
    }

    /** {@code @RegisterForReflection(targets = X.class)} on any class registers X too. */
    private static boolean registeredByTargets(Index index, DotName type) {
        for (AnnotationInstance annotation : index.getAnnotations(REGISTER_FOR_REFLECTION)) {
            AnnotationValue targets = annotation.value("targets");
            if (targets != null
                    && List.of(targets.asClassArray()).stream()
                            .anyMatch(t -> t.name().equals(type))) {
                return true;
            }
        }
        return false;
    }

    /** A Jandex index of the classes folder or jar each of these classes was loaded from. */
    public static Index index(Class<?>... fromTheLocationsOf) {
        Indexer indexer = new Indexer();
        for (Class<?> anchor : fromTheLocationsOf) {
            try {
                Path location = Path.of(anchor.getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI());
                // A jar is walked as a zip file system, so both are read alike.
                try (FileSystem jar = Files.isDirectory(location) ? null : FileSystems.newFileSystem(location);
                        Stream<Path> files = Files.walk(jar == null ? location : jar.getPath("/"))) {
                    for (Path file :
                            files.filter(f -> f.toString().endsWith(".class")).toList()) {
                        try (InputStream in = Files.newInputStream(file)) {
                            indexer.index(in);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return indexer.complete();
    }

    private static String lastSegment(String packageName) {
        return packageName == null ? "" : packageName.substring(packageName.lastIndexOf('.') + 1);
    }

    public static DotName name(Class<?> type) {
        return DotName.createSimple(type);
    }
}
