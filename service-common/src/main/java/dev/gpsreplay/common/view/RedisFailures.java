package dev.gpsreplay.common.view;

import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Tells transient Redis failures (worth a retry: no connection, a timeout, a server busy loading or
 * failing over) from permanent ones (a wrong key type, a script error: retrying would fail forever).
 */
public final class RedisFailures {

    /** Redis error prefixes that go away by themselves. */
    private static final Set<String> TRANSIENT_ERRORS = Set.of(
            "LOADING",
            "BUSY",
            "TRYAGAIN",
            "CLUSTERDOWN",
            "MASTERDOWN",
            "READONLY",
            "MOVED",
            "ASK",
            "NOSCRIPT",
            "OOM",
            "NOREPLICAS");

    private RedisFailures() {}

    /** True unless the failure is an error reply of Redis that would come again on retry. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (isErrorReply(t)) {
                String message = String.valueOf(t.getMessage()).trim();
                int space = message.indexOf(' ');
                String prefix = (space < 0 ? message : message.substring(0, space)).toUpperCase(Locale.ROOT);
                return TRANSIENT_ERRORS.contains(prefix);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return true;
    }

    /** {@link #isTransient}, for {@code @RetryWhen(exception = RedisFailures.Transient.class)}. */
    public static final class Transient implements Predicate<Throwable> {
        @Override
        public boolean test(Throwable failure) {
            return isTransient(failure);
        }
    }

    /** Vert.x reports a Redis error reply as an {@code ErrorType} throwable. */
    private static boolean isErrorReply(Throwable t) {
        return t.getClass().getName().equals("io.vertx.redis.client.impl.types.ErrorType");
    }
}
