package dev.gpsreplay.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager.TestInjector;
import java.lang.reflect.Field;

/** What Quarkus's own injector does: sets every matching declared field of the test instance. */
final class FieldInjector {

    private FieldInjector() {}

    static TestInjector into(Object testInstance) {
        return (value, matches) -> {
            for (Field field : testInstance.getClass().getDeclaredFields()) {
                if (matches.test(field)) {
                    try {
                        field.setAccessible(true);
                        field.set(testInstance, value);
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        };
    }
}
