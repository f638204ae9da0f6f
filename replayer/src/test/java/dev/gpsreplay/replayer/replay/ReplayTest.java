package dev.gpsreplay.replayer.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpsreplay.domain.GpsFix;
import dev.gpsreplay.domain.Track;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pacing of one replay, on a manual clock: exact instants, no sleeping, no timing tolerance. */
class ReplayTest {

    private static final Instant T0 = Instant.parse("2019-12-24T20:21:27.999Z");
    /** Fix offsets in seconds from the first fix: 1 s steps and a 4 s gap, like the real drive. */
    private static final double[] OFFSETS = {0, 1, 2, 6, 7, 8};

    private ManualReplayClock clock;
    private RecordingSink sink;
    private long start;

    @BeforeEach
    void setUp() {
        clock = new ManualReplayClock();
        sink = new RecordingSink(clock::nanoTime);
        start = clock.nanoTime();
    }

    @Test
    void emitsEachFixAtItsRecordedOffset() {
        replay(1.0, false).start();
        clock.advance(Duration.ofSeconds(20));

        assertThat(sink.positions()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(emittedOffsetsMillis()).containsExactly(0L, 1000L, 2000L, 6000L, 7000L, 8000L);
    }

    @Test
    void speedFactorDividesTheIntervals() {
        replay(4.0, false).start();
        clock.advance(Duration.ofSeconds(20));

        assertThat(emittedOffsetsMillis()).containsExactly(0L, 250L, 500L, 1500L, 1750L, 2000L);
    }

    @Test
    void lateDeliveryDelaysOneFixNotTheRest() {
        Replay replay = replay(1.0, false);
        sink.hold();
        replay.start();
        clock.advance(Duration.ofMillis(1500)); // fix 0's delivery takes 1.5 s (under the stall threshold)
        sink.release();
        clock.advance(Duration.ofSeconds(20));

        // fix 1 was due at 1 s and goes out late at 1.5 s; fix 2 is back on its schedule at 2 s
        assertThat(emittedOffsetsMillis()).containsExactly(0L, 1500L, 2000L, 6000L, 7000L, 8000L);
    }

    @Test
    void pauseKeepsTheTimeLeftUntilTheNextFix() {
        Replay replay = replay(1.0, false);
        replay.start();
        clock.advance(Duration.ofMillis(1400)); // fixes 0, 1 out; 0.6 s left until fix 2
        replay.pause();
        clock.advance(Duration.ofSeconds(30));
        assertThat(sink.positions()).containsExactly(0, 1);
        assertThat(replay.status().state()).isEqualTo(ReplayState.PAUSED);

        replay.resume();
        clock.advance(Duration.ofSeconds(30));
        // resumed at 31.4 s: fix 2 at 32.0 s, fix 3 four seconds later
        assertThat(emittedOffsetsMillis()).containsExactly(0L, 1000L, 32000L, 36000L, 37000L, 38000L);
        assertThat(replay.status().state()).isEqualTo(ReplayState.FINISHED);
    }

    @Test
    void speedChangeReanchorsAtTheCurrentTrackTime() {
        Replay replay = replay(1.0, false);
        replay.start();
        clock.advance(Duration.ofMillis(2500)); // fixes 0..2 out; track time 2.5 s, fix 3 at 6 s
        replay.setSpeed(2.0);
        clock.advance(Duration.ofSeconds(20));
        // 3.5 s of track time left until fix 3 at speed 2: 1.75 s, so 2.5 + 1.75 = 4.25 s
        assertThat(emittedOffsetsMillis()).containsExactly(0L, 1000L, 2000L, 4250L, 4750L, 5250L);
    }

    @Test
    void seekEmitsTheTargetAtOnceAndPacesFromThere() {
        Replay replay = replay(1.0, false);
        replay.start();
        clock.advance(Duration.ofMillis(500));
        replay.seek(3);
        clock.advance(Duration.ofSeconds(20));

        assertThat(sink.positions()).containsExactly(0, 3, 4, 5);
        assertThat(emittedOffsetsMillis()).containsExactly(0L, 500L, 1500L, 2500L);
    }

    @Test
    void seekOutsideTheTrackIsRefused() {
        Replay replay = replay(1.0, false);
        assertThatThrownBy(() -> replay.seek(OFFSETS.length)).isInstanceOf(InvalidSeekException.class);
        assertThatThrownBy(() -> replay.seek(-1)).isInstanceOf(InvalidSeekException.class);
    }

    @Test
    void loopStartsOverWithTimeMovingForward() {
        Replay replay = replay(1.0, true);
        replay.start();
        clock.advance(Duration.ofMillis(17_500));

        // period = 8 s duration + 1 s median interval = 9 s
        assertThat(sink.positions()).containsExactly(0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5);
        assertThat(emittedOffsetsMillis())
                .containsExactly(0L, 1000L, 2000L, 6000L, 7000L, 8000L, 9000L, 10000L, 11000L, 15000L, 16000L, 17000L);
        List<Instant> times =
                sink.published.stream().map(p -> p.event().fix().timestamp()).toList();
        assertThat(times).isSorted();
        assertThat(times.get(6)).isEqualTo(T0.plusSeconds(9));
        assertThat(replay.status().loopIteration()).isEqualTo(1);
    }

    @Test
    void sequenceGrowsAcrossSeeksAndLoops() {
        Replay replay = replay(1.0, true);
        replay.start();
        clock.advance(Duration.ofSeconds(3));
        replay.seek(0);
        clock.advance(Duration.ofSeconds(12));

        List<Long> sequences =
                sink.published.stream().map(p -> p.event().sequence()).toList();
        assertThat(sequences).isSorted().doesNotHaveDuplicates();
        assertThat(sequences.get(0)).isEqualTo(1L);
        assertThat(sink.published)
                .allSatisfy(p ->
                        assertThat(p.event().runId()).isEqualTo(replay.status().runId()));
    }

    @Test
    void stalledSinkMakesTheReplayGoOnWhereItWasInsteadOfBursting() {
        Replay replay = replay(1.0, false);
        replay.start();
        clock.advance(Duration.ofMillis(1000)); // fix 1 out at 1 s
        sink.hold();
        clock.advance(Duration.ofMillis(1000)); // fix 2 out at 2 s, its delivery hangs (dependency down)
        clock.advance(Duration.ofSeconds(10));
        sink.release(); // back at 12 s: fix 3 was due at 6 s, fix 4 at 7 s
        clock.advance(Duration.ofSeconds(10));

        // re-anchored at 12 s on fix 3: the rest keep their spacing from there
        assertThat(emittedOffsetsMillis()).containsExactly(0L, 1000L, 2000L, 12000L, 13000L, 14000L);
        assertThat(replay.status().fixesEmitted()).isEqualTo(6);
    }

    @Test
    void backPressureHoldsLaterFixesWhileOneIsInFlight() {
        Replay replay = replay(1000.0, false);
        sink.hold();
        replay.start();
        clock.advance(Duration.ofMillis(100));
        assertThat(sink.positions()).containsExactly(0);
        assertThat(replay.status().position()).isEqualTo(1);

        sink.release();
        clock.advance(Duration.ofMillis(100));
        assertThat(sink.positions()).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void aSinkThatAllowsMoreInFlightGetsThemWithoutWaiting() {
        sink.allowInFlight(4);
        sink.hold();
        Replay replay = replay(1_000_000.0, false);
        replay.start();
        clock.advance(Duration.ofMillis(1));
        assertThat(sink.positions()).containsExactly(0, 1, 2, 3);
    }

    @Test
    void replaysShareOneBudgetOfFixesUnderWay() {
        sink.allowInFlight(64); // each replay's six fixes would all go out at once
        sink.hold();
        InFlightBudget budget = new InFlightBudget(sink.maxInFlight(), 4, () -> 2); // 2 each
        CompactTrack shared = CompactTrack.of(track());
        for (String id : List.of("bus-1-0", "bus-1-1")) {
            replay(id, shared, sink, 1e6, false, budget).start();
        }
        clock.advance(Duration.ofMillis(1));
        assertThat(sink.published)
                .extracting(p -> p.event().vehicleId())
                .containsExactlyInAnyOrder("bus-1-0", "bus-1-0", "bus-1-1", "bus-1-1");

        sink.release(); // delivered at once from now on: the rest of both tracks goes out, in order
        clock.advance(Duration.ofMillis(1));
        for (String id : List.of("bus-1-0", "bus-1-1")) {
            assertThat(sink.published.stream()
                            .filter(p -> p.event().vehicleId().equals(id))
                            .map(p -> p.event().trackPosition()))
                    .containsExactly(0, 1, 2, 3, 4, 5);
        }
    }

    @Test
    void aStalledSinkStopsTheReplayEvenWithRoomInItsWindow() {
        sink.allowInFlight(100);
        Replay replay = replay(1.0, false);
        sink.hold(); // every delivery hangs from the start: the dependency is down
        replay.start();
        clock.advance(Duration.ofSeconds(20));

        // fix 0 at 0 s, fix 1 at 1 s and fix 2 at 2 s (fix 0 waited exactly the 2 s threshold); then
        // fix 0 has waited too long and nothing more goes out, though the window has room
        assertThat(sink.positions()).containsExactly(0, 1, 2);
        sink.release(); // back at 20 s: re-anchored on fix 3, spacing kept from there
        clock.advance(Duration.ofSeconds(20));
        assertThat(emittedOffsetsMillis()).containsExactly(0L, 1000L, 2000L, 20000L, 21000L, 22000L);
    }

    @Test
    void aFailedWindowIsSentAgainInOrderWithTheSameSequencesBeforeAnythingNew() {
        sink.allowInFlight(10);
        sink.resendOnFailure();
        Replay replay = replay(1.0, false);
        sink.hold();
        replay.start();
        clock.advance(Duration.ofMillis(1500)); // fixes 0 and 1 under way
        sink.failHeld(new IllegalStateException("producer fenced"));
        clock.advance(Duration.ofSeconds(20));

        assertThat(sink.published)
                .extracting(p -> p.event().sequence())
                .containsExactly(1L, 2L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(sink.positions()).containsExactly(0, 1, 0, 1, 2, 3, 4, 5);
        assertThat(replay.status().sendFailures()).isEqualTo(1);
        assertThat(replay.status().fixesEmitted()).isEqualTo(6);
        assertThat(replay.status().state()).isEqualTo(ReplayState.FINISHED);
    }

    @Test
    void aFailureTheSinkGivesUpOnIsCountedAndTheReplayGoesOn() {
        Replay replay = replay(1.0, false);
        sink.hold();
        replay.start();
        sink.failHeld(new IllegalStateException("record too large"));
        clock.advance(Duration.ofSeconds(20));

        assertThat(sink.positions()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(replay.status().sendFailures()).isEqualTo(1);
        assertThat(replay.status().fixesEmitted()).isEqualTo(5);
    }

    @Test
    void anExceptionInAStepMarksTheReplayFailedWithTheReason() {
        Replay replay = replay(1.0, false);
        replay.start();
        sink.throwOnNextPublish(new IllegalStateException("boom"));
        clock.advance(Duration.ofSeconds(20));

        assertThat(replay.status().state()).isEqualTo(ReplayState.FAILED);
        assertThat(replay.status().failureReason()).isEqualTo("IllegalStateException: boom");
        assertThat(sink.positions()).containsExactly(0);

        replay.seek(2); // seeking plays it again
        clock.advance(Duration.ofSeconds(20));
        assertThat(replay.status().state()).isEqualTo(ReplayState.FINISHED);
        assertThat(replay.status().failureReason()).isNull();
        assertThat(sink.positions()).containsExactly(0, 2, 3, 4, 5);
    }

    @Test
    void aDelayedStartShiftsTheWholeSchedule() {
        replay(1.0, false).start(Duration.ofMillis(250).toNanos());
        clock.advance(Duration.ofSeconds(20));

        assertThat(emittedOffsetsMillis()).containsExactly(250L, 1250L, 2250L, 6250L, 7250L, 8250L);
    }

    @Test
    void copiesShareOneTrackAndEmitTheSameFixes() {
        CompactTrack shared = CompactTrack.of(track());
        RecordingSink other = new RecordingSink(clock::nanoTime);
        replay("bus-1-0", shared, sink, 1.0, false, new InFlightBudget(sink.maxInFlight(), () -> 2))
                .start();
        replay("bus-1-1", shared, other, 1.0, false, new InFlightBudget(other.maxInFlight(), () -> 2))
                .start(Duration.ofMillis(500).toNanos());
        clock.advance(Duration.ofSeconds(20));

        assertThat(other.published)
                .extracting(p -> p.event().fix())
                .containsExactlyElementsOf(
                        sink.published.stream().map(p -> p.event().fix()).toList());
        assertThat(other.published).extracting(p -> p.event().vehicleId()).containsOnly("bus-1-1");
    }

    @Test
    void aRestoredReplayGoesOnFromItsCheckpointWithTheSameRun() {
        Replay first = replay(1.0, false);
        first.start();
        clock.advance(Duration.ofMillis(2500)); // fixes 0, 1, 2 delivered
        ReplayCheckpoint checkpoint = first.checkpoint();
        first.stop();
        assertThat(checkpoint)
                .isEqualTo(
                        new ReplayCheckpoint(first.status().runId(), 3, 0, 3, 3, false, "test", OFFSETS.length, 8000));

        RecordingSink after = new RecordingSink(clock::nanoTime);
        Replay restarted = replayInto(after, 1.0, false);
        restarted.restore(checkpoint);
        long restart = clock.nanoTime();
        restarted.start();
        clock.advance(Duration.ofSeconds(20));

        assertThat(after.positions()).containsExactly(3, 4, 5);
        assertThat(after.published).extracting(p -> p.event().sequence()).containsExactly(4L, 5L, 6L);
        assertThat(after.published).extracting(p -> p.event().runId()).containsOnly(checkpoint.runId());
        // fix 3 at once, then at its recorded pace
        assertThat(after.published)
                .extracting(p -> (p.atNanos() - restart) / 1_000_000)
                .containsExactly(0L, 1000L, 2000L);
        assertThat(restarted.status().fixesEmitted()).isEqualTo(6);
        assertThat(restarted.status().state()).isEqualTo(ReplayState.FINISHED);
    }

    @Test
    void aCheckpointHoldsOnlyWhatTheSinkAcknowledged() {
        Replay replay = replay(1.0, false);
        sink.hold();
        replay.start();
        assertThat(replay.checkpoint()).as("nothing delivered yet").isNull();

        sink.release();
        clock.advance(Duration.ofMillis(1500)); // fix 1 out, held by the sink
        sink.hold();
        clock.advance(Duration.ofMillis(1000)); // fix 2 due, under way
        assertThat(replay.checkpoint().position()).isEqualTo(2);
        assertThat(replay.checkpoint().sequence()).isEqualTo(2);
    }

    @Test
    void aPausedReplayIsCheckpointedPausedAlsoWhenStoppedAndResumesWhereItWas() {
        Replay replay = replay(1.0, false);
        replay.start();
        clock.advance(Duration.ofMillis(1500));
        replay.pause();
        replay.stop(); // at shutdown
        ReplayCheckpoint checkpoint = replay.checkpoint();
        assertThat(checkpoint.paused()).isTrue();

        RecordingSink after = new RecordingSink(clock::nanoTime);
        Replay restarted = replayInto(after, 1.0, false);
        restarted.restore(checkpoint);
        clock.advance(Duration.ofSeconds(10));
        assertThat(after.published).isEmpty();
        assertThat(restarted.status().state()).isEqualTo(ReplayState.PAUSED);
        assertThat(restarted.status().position()).isEqualTo(2);

        restarted.resume();
        clock.advance(Duration.ofSeconds(20));
        assertThat(after.positions()).containsExactly(2, 3, 4, 5);
    }

    @Test
    void aLoopGoesOnInItsIterationAndAFinishedReplayStaysFinished() {
        ReplayCheckpoint looping = new ReplayCheckpoint("run-1", 8, 1, 2, 8, false, "test", OFFSETS.length, 8000);
        Replay loop = replay(1.0, true);
        loop.restore(looping);
        loop.start();
        clock.advance(Duration.ofMillis(100));
        // iteration 1 is shifted by the loop period (8 s + 1 s median interval)
        assertThat(sink.published.get(0).event().fix().timestamp()).isEqualTo(T0.plusSeconds(2 + 9));
        assertThat(loop.status().loopIteration()).isEqualTo(1);
        loop.stop();

        RecordingSink after = new RecordingSink(clock::nanoTime);
        Replay finished = replayInto(after, 1.0, false);
        finished.restore(new ReplayCheckpoint("run-2", 6, 0, OFFSETS.length, 6, false, "test", OFFSETS.length, 8000));
        finished.start();
        clock.advance(Duration.ofSeconds(20));
        assertThat(after.published).isEmpty();
        assertThat(finished.status().state()).isEqualTo(ReplayState.FINISHED);
        assertThat(finished.status().fixesEmitted()).isEqualTo(6);
    }

    @Test
    void aCheckpointFitsOnlyTheFileAndTrackItWasWrittenFor() {
        CompactTrack track = CompactTrack.of(track());
        ReplayCheckpoint checkpoint = new ReplayCheckpoint("run-1", 3, 0, 3, 3, false, "a.csv", OFFSETS.length, 8000);
        assertThat(checkpoint.fits("a.csv", track)).isTrue();
        assertThat(checkpoint.fits("b.csv", track)).as("another file").isFalse();
        assertThat(new ReplayCheckpoint("run-1", 3, 0, 3, 3, false, "a.csv", OFFSETS.length + 1, 8000)
                        .fits("a.csv", track))
                .as("a file that changed")
                .isFalse();
        assertThat(new ReplayCheckpoint("run-1", 3, 0, OFFSETS.length + 1, 3, false, "a.csv", OFFSETS.length, 8000)
                        .fits("a.csv", track))
                .as("a position past the end")
                .isFalse();
    }

    private static Track track() {
        List<GpsFix> fixes = new ArrayList<>();
        for (double offset : OFFSETS) {
            Instant at = T0.plusMillis((long) (offset * 1000));
            fixes.add(
                    new GpsFix(at, -27.7 + offset * 1e-4, -51.1, 984.0, 4.0, 90.0, 10.0, 14, 0.8, 1.6, 1.8, 10.0, 1.0));
        }
        return new Track("bus-1", fixes);
    }

    private Replay replay(double speed, boolean loop) {
        return replayInto(sink, speed, loop);
    }

    /** bus-1 alone on {@code into}: the sink's whole window is its. */
    private Replay replayInto(RecordingSink into, double speed, boolean loop) {
        return replay(
                "bus-1", CompactTrack.of(track()), into, speed, loop, new InFlightBudget(into.maxInFlight(), () -> 1));
    }

    private Replay replay(
            String vehicleId,
            CompactTrack track,
            RecordingSink into,
            double speed,
            boolean loop,
            InFlightBudget budget) {
        return new Replay(
                vehicleId,
                "test",
                track,
                0,
                speed,
                loop,
                clock,
                into,
                ReplayObserver.NONE,
                Duration.ofSeconds(2),
                budget);
    }

    private List<Long> emittedOffsetsMillis() {
        return sink.published.stream()
                .map(p -> (p.atNanos() - start) / 1_000_000)
                .toList();
    }
}
