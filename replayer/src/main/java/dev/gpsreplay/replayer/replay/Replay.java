package dev.gpsreplay.replayer.replay;

import dev.gpsreplay.common.event.FixEvent;
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
 * <p>Delivery: every fix handed to the sink stays in an in-flight window until the sink acknowledges
 * it. When the sink fails a fix and asks for it again ({@link FixSink#resendAfterFailure}), the whole
 * window is sent again, oldest first, with the same run id and sequence numbers, before anything
 * new: what had landed already is dropped by the view's idempotent apply, and nothing is skipped.
 *
 * <p>Checkpoint: {@link #checkpoint()} says how far the replay has been delivered (the oldest fix
 * not yet acknowledged, its loop iteration, the run and the last delivered sequence), and
 * {@link #restore} puts a new replay of the same track there, so a restarted replayer goes on with
 * the same run instead of starting over.
 *
 * <p>Failure: an unexpected exception in a step stops this replay as {@link ReplayState#FAILED} with
 * the reason in its status, instead of leaving it silently hung.
 *
 * <p>Threading: not thread-safe by design. Every method runs on the {@link ReplayClock}'s thread.
 */
public final class Replay {

    private static final long MIN_RESEND_DELAY = Duration.ofMillis(50).toNanos();
    private static final long MAX_RESEND_DELAY = Duration.ofSeconds(5).toNanos();

    private final String vehicleId;
    private final String source;
    private final CompactTrack track;
    private final int rowsRejected;
    private final ReplayClock clock;
    private final FixSink sink;
    private final ReplayObserver observer;
    private final long stallThresholdNanos;
    private String runId = UUID.randomUUID().toString();
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
    /** Fixes handed to the sink and not yet acknowledged, oldest first. */
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    /** This replay's share of the fixes under way ({@link InFlightBudget#perReplay}). */
    private final InFlightBudget budget;
    /** Raised at each resend: answers to sends of an older generation are stale. */
    private int sendGeneration;

    private ReplayClock.Cancellable resendTimer;
    private long resendDelay;
    private boolean stopped;
    /** A replay stopped at shutdown while paused stays paused in its checkpoint. */
    private boolean pausedWhenStopped;

    private long emitted;
    /** Where delivery has reached: the fix after the last acknowledged one, and that one's sequence. */
    private int deliveredPosition;

    private int deliveredIteration;
    private long deliveredSequence;
    private long sendFailures;
    private String failureReason;
    private ReplayClock.Cancellable timer;

    /** A replay among others: its fixes under way count against {@code budget}, which they all share. */
    Replay(
            String vehicleId,
            String source,
            CompactTrack track,
            int rowsRejected,
            double speed,
            boolean loop,
            ReplayClock clock,
            FixSink sink,
            ReplayObserver observer,
            Duration stallThreshold,
            InFlightBudget budget) {
        this.budget = budget;
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
        this.loopPeriodNanos = track.offsetNanos(track.size() - 1) + track.medianIntervalNanos();
    }

    public String vehicleId() {
        return vehicleId;
    }

    public ReplayState state() {
        return state;
    }

    public double speed() {
        return speed;
    }

    /** Fixes per second this replay emits at its speed: its share of the emission budget. */
    public double nominalRate() {
        return speed * 1e9 / track.medianIntervalNanos();
    }

    /** Starts playing from the first fix, which is emitted at once. */
    public void start() {
        start(0);
    }

    /**
     * Starts playing with the first fix {@code delayNanos} from now (copies are staggered this way).
     * Unlike later steps, a failure here is thrown to the caller, which then does not register the replay.
     */
    public void start(long delayNanos) {
        state = ReplayState.PLAYING;
        anchorAt(clock.nanoTime() + Math.max(0, delayNanos), nextTrackTime());
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
        guarded(this::pump).run();
    }

    public void setSpeed(double factor) {
        long now = clock.nanoTime();
        long trackNow = currentTrackTime(now);
        speed = factor;
        if (state == ReplayState.PLAYING) {
            anchorAt(now, trackNow);
            guarded(this::pump).run();
        } else {
            pausedAtTrack = trackNow;
        }
    }

    public void setLoop(boolean loop) {
        this.loop = loop;
    }

    /** Jumps to fix {@code index}; a playing (or finished, or failed) replay emits it at once. */
    public void seek(int index) {
        if (index < 0 || index >= track.size()) {
            throw new InvalidSeekException(index, track.size());
        }
        position = index;
        pausedAtTrack = trackTime(index);
        if (state == ReplayState.FINISHED || state == ReplayState.FAILED) {
            state = ReplayState.PLAYING;
            failureReason = null;
        }
        if (state == ReplayState.PLAYING) {
            anchorAt(clock.nanoTime(), trackTime(index));
            guarded(this::pump).run();
        }
    }

    /** Stops for good: no further fix is emitted or sent again. */
    public void stop() {
        pausedWhenStopped = state == ReplayState.PAUSED;
        stopped = true;
        cancelTimer();
        if (resendTimer != null) {
            resendTimer.cancel();
        }
        state = ReplayState.FINISHED;
    }

    /**
     * Puts this replay, not started yet, where a checkpoint of the same track says delivery had
     * reached: the same run, the next sequence, that fix and loop iteration. A paused checkpoint
     * leaves it paused there; otherwise {@link #start(long)} plays on from there.
     */
    public void restore(ReplayCheckpoint checkpoint) {
        if (state != ReplayState.PAUSED || sequence != 0) {
            throw new IllegalStateException("only a replay that has not started can be restored");
        }
        runId = checkpoint.runId();
        sequence = checkpoint.sequence();
        deliveredSequence = sequence;
        position = checkpoint.position();
        deliveredPosition = position;
        loopIteration = checkpoint.loopIteration();
        deliveredIteration = loopIteration;
        emitted = checkpoint.fixesEmitted();
        pausedAtTrack = nextTrackTime();
    }

    /** How far this replay has been delivered (with its source, the track file); null before its first delivery. */
    public ReplayCheckpoint checkpoint() {
        if (deliveredSequence == 0) {
            return null;
        }
        return new ReplayCheckpoint(
                runId,
                deliveredSequence,
                deliveredIteration,
                deliveredPosition,
                emitted,
                state == ReplayState.PAUSED || pausedWhenStopped,
                source,
                track.size(),
                ReplayCheckpoint.spanMillis(track));
    }

    public ReplayStatus status() {
        return new ReplayStatus(
                vehicleId,
                source,
                state,
                position,
                track.size(),
                speed,
                loop,
                loopIteration,
                emitted,
                rowsRejected,
                sendFailures,
                runId,
                failureReason);
    }

    /** Emits every fix that is due, then waits (as a scheduled task, not a sleep) until the next one is. */
    private void pump() {
        cancelTimer();
        while (state == ReplayState.PLAYING && canEmit()) {
            boolean wrap = position == track.size();
            if (wrap && !inFlight.isEmpty()) {
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
                timer = clock.schedule(guarded(this::pump), due - now);
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
        FixEvent event = new FixEvent(
                FixEvent.SCHEMA_VERSION,
                vehicleId,
                runId,
                ++sequence,
                index,
                track.size(),
                Instant.now(),
                track.fix(index, loopIteration * loopPeriodNanos));
        InFlight sent = new InFlight(event, loopIteration);
        inFlight.addLast(sent);
        try {
            send(sent);
        } catch (RuntimeException e) {
            // never handed over: take it back, so a seek after the failure starts from a clean window
            inFlight.removeLast();
            position--;
            sequence--;
            throw e;
        }
        observer.emitted(vehicleId, latenessNanos);
    }

    private void send(InFlight fix) {
        int generation = sendGeneration;
        fix.generation = generation;
        fix.sentAt = clock.nanoTime();
        sink.publish(fix.event)
                .subscribe()
                .with(
                        ignored -> clock.execute(guarded(() -> delivered(fix, generation))),
                        failure -> clock.execute(guarded(() -> failed(fix, generation, failure))));
    }

    /**
     * Room in the sink's in-flight window, nothing waiting to be sent again, and the sink is not
     * stalled: once the oldest fix under way has waited longer than the stall threshold (a dependency
     * is down), nothing more is emitted until it is delivered, so the replay stops within about that
     * time instead of filling buffers.
     */
    private boolean canEmit() {
        if (inFlight.isEmpty()) {
            return true;
        }
        return resendTimer == null
                && inFlight.size() < budget.perReplay()
                && clock.nanoTime() - inFlight.peekFirst().sentAt <= stallThresholdNanos;
    }

    private void delivered(InFlight fix, int generation) {
        if (generation != fix.generation) {
            return; // an answer from before a resend: the answer to the copy sent again counts
        }
        fix.acknowledged = true;
        dropAcknowledged();
        resendDelay = 0;
        goOn();
    }

    /** Forgets the acknowledged fixes at the head of the window: delivered, in order. */
    private void dropAcknowledged() {
        while (!inFlight.isEmpty() && inFlight.peekFirst().acknowledged) {
            InFlight fix = inFlight.pollFirst();
            emitted++;
            deliveredPosition = fix.event.trackPosition() + 1;
            deliveredIteration = fix.iteration;
            deliveredSequence = fix.event.sequence();
        }
    }

    private void failed(InFlight fix, int generation, Throwable failure) {
        if (generation != fix.generation || generation != sendGeneration || stopped) {
            return; // already being sent again, or the replay is gone
        }
        sendFailures++;
        observer.sendFailed(vehicleId, failure);
        if (!sink.resendAfterFailure(failure)) {
            // the sink gave up on this fix for good: count it and go on without it
            inFlight.remove(fix);
            dropAcknowledged();
            goOn();
            return;
        }
        sendGeneration++;
        resendDelay = Math.min(MAX_RESEND_DELAY, Math.max(MIN_RESEND_DELAY, resendDelay * 2));
        resendTimer = clock.schedule(guarded(this::resendWindow), resendDelay);
    }

    /** Sends every unacknowledged fix again, oldest first, with its run id and sequence unchanged. */
    private void resendWindow() {
        resendTimer = null;
        if (stopped) {
            return;
        }
        sink.resending(vehicleId);
        for (InFlight fix : inFlight) {
            fix.acknowledged = false; // a later fix may have landed before an earlier one failed: send both
            send(fix);
        }
        goOn();
    }

    /** After a delivery: pump again if the replay was waiting on the sink rather than on the clock. */
    private void goOn() {
        if (state != ReplayState.PLAYING) {
            return;
        }
        long now = clock.nanoTime();
        if (position < track.size() && now - dueAt(position, loopIteration) > stallThresholdNanos) {
            // The sink held us back (a dependency was down): go on from here, don't burst.
            anchorAt(now, trackTime(position));
            pump();
        } else if (timer == null) {
            pump();
        }
    }

    /** The step, stopping this replay as FAILED (one log line, the reason in its status) if it throws. */
    private Runnable guarded(Runnable step) {
        return () -> {
            if (state == ReplayState.FAILED) {
                return;
            }
            try {
                step.run();
            } catch (RuntimeException e) {
                fail(e);
            }
        };
    }

    private void fail(RuntimeException e) {
        cancelTimer();
        state = ReplayState.FAILED;
        failureReason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        observer.failed(vehicleId, e);
    }

    private long dueAt(int index, int iteration) {
        return anchorClock + (long) ((trackTime(index, iteration) - anchorTrack) / speed);
    }

    /** Track time of fix {@code index} in loop iteration {@code iteration}. */
    private long trackTime(int index, int iteration) {
        return track.offsetNanos(index) + iteration * loopPeriodNanos;
    }

    private long trackTime(int index) {
        return trackTime(index, loopIteration);
    }

    /** Track time of the next fix to emit: after the last one, the first of the next loop iteration. */
    private long nextTrackTime() {
        return position < track.size() ? trackTime(position) : trackTime(0, loopIteration + 1);
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

    /** A fix handed to the sink, until it is acknowledged. */
    private static final class InFlight {
        final FixEvent event;
        final int iteration;
        long sentAt;
        int generation;
        boolean acknowledged;

        InFlight(FixEvent event, int iteration) {
            this.event = event;
            this.iteration = iteration;
        }
    }
}
