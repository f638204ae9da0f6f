package dev.gpsreplay.replayer.replay;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.event.SeedFix;
import dev.gpsreplay.domain.GpsFix;
import dev.gpsreplay.domain.Track;
import dev.gpsreplay.replayer.sink.FixSink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.UUID;

/**
 * Replays one track as one vehicle.
 *
 * <p>Pacing: fix {@code i} is due at {@code anchorClock + (t_i - anchorTrack) / speed}. The anchor is
 * set at start and moved only by pause/resume, speed changes, seeks and stalls, so a late wake-up
 * delays one fix, never the ones after it.
 *
 * <p>Threading: not thread-safe by design. Every method runs on the {@link ReplayClock}'s thread.
 */
public final class Replay {

    private final String vehicleId;
    private final String source;
    private final Track track;
    private final int rowsRejected;
    private final ReplayClock clock;
    private final FixSink sink;
    private final ReplayObserver observer;
    private final long stallThresholdNanos;
    private final String runId = UUID.randomUUID().toString();
    /** Track time of each fix, nanoseconds since the first fix. */
    private final long[] trackNanos;
    /** How far one loop shifts time: the track's duration plus one median fix interval. */
    private final long loopPeriodNanos;

    private ReplayState state = ReplayState.PAUSED;
    private double speed;
    private boolean loop;
    private int position;
    private int loopIteration;
    private long anchorClock;
    private long anchorTrack;
    private long pausedAtTrack;
    private long sequence;
    /** When each fix under way was handed to the sink, oldest first (sinks deliver in order). */
    private final ArrayDeque<Long> inFlightSince = new ArrayDeque<>();
    private long emitted;
    private long sendFailures;
    private ReplayClock.Cancellable timer;

    public Replay(String vehicleId, String source, Track track, int rowsRejected, double speed, boolean loop,
            ReplayClock clock, FixSink sink, ReplayObserver observer, Duration stallThreshold) {
        this.vehicleId = vehicleId;
        this.source = source;
        this.track = track;
        this.rowsRejected = rowsRejected;
        this.speed = speed;
        this.loop = loop;
        this.clock = clock;
        this.sink = sink;
        this.observer = observer;
        this.stallThresholdNanos = stallThreshold.toNanos();
        this.trackNanos = trackTimes(track);
        this.loopPeriodNanos = trackNanos[trackNanos.length - 1] + medianInterval(trackNanos);
    }

    public String vehicleId() {
        return vehicleId;
    }

    /** Starts playing from the first fix, which is emitted at once. */
    public void start() {
        state = ReplayState.PLAYING;
        anchorAt(clock.nanoTime(), trackTime(position));
        pump();
    }

    public void pause() {
        if (state != ReplayState.PLAYING) {
            return;
        }
        pausedAtTrack = currentTrackTime(clock.nanoTime());
        state = ReplayState.PAUSED;
        cancelTimer();
    }

    /** Goes on from where the pause happened: the time left until the next fix is kept. */
    public void resume() {
        if (state != ReplayState.PAUSED) {
            return;
        }
        state = ReplayState.PLAYING;
        anchorAt(clock.nanoTime(), pausedAtTrack);
        pump();
    }

    public void setSpeed(double factor) {
        long now = clock.nanoTime();
        long trackNow = currentTrackTime(now);
        speed = factor;
        if (state == ReplayState.PLAYING) {
            anchorAt(now, trackNow);
            pump();
        } else {
            pausedAtTrack = trackNow;
        }
    }

    public void setLoop(boolean loop) {
        this.loop = loop;
    }

    /** Jumps to fix {@code index}; a playing (or finished) replay emits it at once. */
    public void seek(int index) {
        if (index < 0 || index >= track.size()) {
            throw new IllegalArgumentException("position must be between 0 and " + (track.size() - 1));
        }
        position = index;
        pausedAtTrack = trackTime(index);
        if (state == ReplayState.FINISHED) {
            state = ReplayState.PLAYING;
        }
        if (state == ReplayState.PLAYING) {
            anchorAt(clock.nanoTime(), trackTime(index));
            pump();
        }
    }

    /** Stops for good: no further fix is emitted. */
    public void stop() {
        cancelTimer();
        state = ReplayState.FINISHED;
    }

    public ReplayStatus status() {
        return new ReplayStatus(vehicleId, source, state, position, track.size(), speed, loop, loopIteration,
                emitted, rowsRejected, sendFailures, runId);
    }

    /** Emits every fix that is due, then waits (as a scheduled task, not a sleep) until the next one is. */
    private void pump() {
        cancelTimer();
        while (state == ReplayState.PLAYING && canEmit()) {
            boolean wrap = position == track.size();
            if (wrap && !inFlightSince.isEmpty()) {
                return;
            }
            if (wrap && !loop) {
                state = ReplayState.FINISHED;
                return;
            }
            int index = wrap ? 0 : position;
            int iteration = wrap ? loopIteration + 1 : loopIteration;
            long now = clock.nanoTime();
            long due = dueAt(index, iteration);
            if (due > now) {
                timer = clock.schedule(this::pump, due - now);
                return;
            }
            if (wrap) {
                position = 0;
                loopIteration = iteration;
            }
            emit(now - due);
        }
    }

    private void emit(long latenessNanos) {
        int index = position++;
        GpsFix fix = track.fix(index);
        long shift = loopIteration * loopPeriodNanos;
        if (shift > 0) {
            fix = fix.withTimestamp(fix.timestamp().plusNanos(shift));
        }
        FixEvent event = new FixEvent(FixEvent.SCHEMA_VERSION, vehicleId, runId, ++sequence, index, track.size(),
                Instant.now(), SeedFix.of(fix));
        inFlightSince.addLast(clock.nanoTime());
        observer.emitted(vehicleId, latenessNanos);
        sink.publish(event).subscribe().with(
                ignored -> clock.execute(() -> published(null)),
                failure -> clock.execute(() -> published(failure)));
    }

    /**
     * Room in the sink's in-flight window, and the sink is not stalled: once the oldest fix under way
     * has waited longer than the stall threshold (a dependency is down), nothing more is emitted
     * until it is delivered, so the replay stops within about that time instead of filling buffers.
     */
    private boolean canEmit() {
        if (inFlightSince.isEmpty()) {
            return true;
        }
        return inFlightSince.size() < sink.maxInFlight()
                && clock.nanoTime() - inFlightSince.peekFirst() <= stallThresholdNanos;
    }

    private void published(Throwable failure) {
        inFlightSince.pollFirst();
        if (failure == null) {
            emitted++;
        } else {
            sendFailures++;
            observer.sendFailed(vehicleId, failure);
        }
        if (state != ReplayState.PLAYING) {
            return;
        }
        long now = clock.nanoTime();
        if (position < track.size() && now - dueAt(position, loopIteration) > stallThresholdNanos) {
            // The sink held us back (a dependency was down): go on from here, don't burst.
            anchorAt(now, trackTime(position));
        }
        pump();
    }

    private long dueAt(int index, int iteration) {
        return anchorClock + (long) ((trackTime(index, iteration) - anchorTrack) / speed);
    }

    /** Track time of fix {@code index} in loop iteration {@code iteration}. */
    private long trackTime(int index, int iteration) {
        return trackNanos[index] + iteration * loopPeriodNanos;
    }

    private long trackTime(int index) {
        return trackTime(index, loopIteration);
    }

    /** The track time the replay has reached: between the last emitted fix and the next one. */
    private long currentTrackTime(long now) {
        if (state != ReplayState.PLAYING) {
            return pausedAtTrack;
        }
        long reached = anchorTrack + (long) ((now - anchorClock) * speed);
        return position < track.size() ? Math.min(reached, trackTime(position)) : reached;
    }

    private void anchorAt(long clockNanos, long trackTime) {
        anchorClock = clockNanos;
        anchorTrack = trackTime;
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private static long[] trackTimes(Track track) {
        Instant first = track.fix(0).timestamp();
        long[] times = new long[track.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = Duration.between(first, track.fix(i).timestamp()).toNanos();
        }
        return times;
    }

    private static long medianInterval(long[] times) {
        if (times.length < 2) {
            return Duration.ofSeconds(1).toNanos();
        }
        long[] intervals = new long[times.length - 1];
        for (int i = 1; i < times.length; i++) {
            intervals[i - 1] = times[i] - times[i - 1];
        }
        java.util.Arrays.sort(intervals);
        long median = intervals[intervals.length / 2];
        return median > 0 ? median : Duration.ofSeconds(1).toNanos();
    }
}
