package dev.gpsreplay.replayer.replay;

import dev.gpsreplay.replayer.config.ReplayConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The production {@link ReplayClock}: one scheduler thread with nanosecond delays. A fix is a
 * scheduled task, not a sleeping thread, and its delay comes from the anchored schedule, so late
 * wake-ups never accumulate over a track. With {@code replay.timer-slack}, wake-ups fall on the
 * slack's grid, so the fixes of one slot share one.
 */
@ApplicationScoped
public class ReplayScheduler implements ReplayClock {

    private final ScheduledThreadPoolExecutor executor;
    private final long slackNanos;

    public ReplayScheduler(ReplayConfig config) {
        slackNanos = config.timerSlack().toNanos();
        executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "replay-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
        long delay = slotted(System.nanoTime(), Math.max(0, delayNanos), slackNanos);
        ScheduledFuture<?> future = executor.schedule(task, delay, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    /**
     * {@code delay} from {@code now}, put off to the next multiple of {@code slack} on the clock: every
     * wake-up due within one slot falls on the slot's end. Nothing is put off when {@code slack} or
     * {@code delay} is 0 (a task due now runs now).
     */
    static long slotted(long now, long delay, long slack) {
        if (slack <= 0 || delay <= 0) {
            return delay;
        }
        long intoSlot = Math.floorMod(now + delay, slack);
        return intoSlot == 0 ? delay : delay + slack - intoSlot;
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    @Override
    public <T> CompletionStage<T> call(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                result.complete(task.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Last at shutdown: the replays have stopped and the sink has delivered what was under way. */
    void onStop(@Observes @Priority(100) ShutdownEvent event) {
        executor.shutdownNow();
    }
}
