package dev.gpsreplay.replayer.replay;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;

/**
 * Time and the single thread that all replays run on. Every method of a {@link Replay} is called on
 * that thread, so replays need no locks. Production uses {@link ReplayScheduler}; tests use a manual
 * clock they advance by hand, so pacing is tested without sleeping.
 */
public interface ReplayClock {

    /** Monotonic time in nanoseconds (not related to wall-clock time). */
    long nanoTime();

    /** Runs {@code task} on the replay thread once {@code delayNanos} have passed. */
    Cancellable schedule(Runnable task, long delayNanos);

    /** Runs {@code task} on the replay thread as soon as possible. */
    void execute(Runnable task);

    /** Runs {@code task} on the replay thread and completes with its result. */
    <T> CompletionStage<T> call(Callable<T> task);

    /** A scheduled task that can be called off. */
    interface Cancellable {
        void cancel();
    }
}
