package dev.gpsreplay.replayer.replay;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A {@link ReplayClock} that only moves when a test advances it; tasks run on the test's thread. */
final class ManualReplayClock implements ReplayClock {

    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
    private long now = 1_000_000_000L;
    private long order;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
        Scheduled scheduled = new Scheduled(now + Math.max(0, delayNanos), order++, task);
        queue.add(scheduled);
        return () -> queue.remove(scheduled);
    }

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    @Override
    public <T> CompletionStage<T> call(Callable<T> task) {
        try {
            return CompletableFuture.completedFuture(task.call());
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Moves time forward, running every task that falls due on the way, in order. */
    void advance(Duration duration) {
        long target = now + duration.toNanos();
        while (!queue.isEmpty() && queue.peek().due <= target) {
            Scheduled next = queue.poll();
            now = next.due;
            next.task.run();
        }
        now = target;
    }

    private record Scheduled(long due, long order, Runnable task) implements Comparable<Scheduled> {
        @Override
        public int compareTo(Scheduled other) {
            int byDue = Long.compare(due, other.due);
            return byDue != 0 ? byDue : Long.compare(order, other.order);
        }
    }
}
