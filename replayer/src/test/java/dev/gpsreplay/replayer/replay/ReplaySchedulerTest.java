package dev.gpsreplay.replayer.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReplaySchedulerTest {

    private static final long MS = 1_000_000;

    @Test
    void wakeUpsFallOnTheSlackGridNeverEarlierAndLessThanOneSlotLater() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            long now = random.nextLong(); // System.nanoTime() may be any value, negative too
            long delay = random.nextLong(1, 10_000 * MS);
            long slotted = ReplayScheduler.slotted(now, delay, MS);
            assertThat(slotted).isGreaterThanOrEqualTo(delay).isLessThan(delay + MS);
            assertThat(Math.floorMod(now + slotted, MS)).isZero();
        }
    }

    @Test
    void fixesDueWithinOneSlotShareItsWakeUp() {
        long now = 5 * MS + 123;
        long first = ReplayScheduler.slotted(now, MS / 10, MS);
        long last = ReplayScheduler.slotted(now, MS - 124, MS);
        assertThat(now + first).isEqualTo(now + last).isEqualTo(6 * MS);
        assertThat(ReplayScheduler.slotted(now, MS - 122, MS)).isEqualTo(2 * MS - 123); // the next slot
    }

    @Test
    void noSlackOrNoDelayChangesNothing() {
        assertThat(ReplayScheduler.slotted(123, 456, 0)).isEqualTo(456);
        assertThat(ReplayScheduler.slotted(123, 0, MS)).isZero();
        assertThat(ReplayScheduler.slotted(-MS, 2 * MS, MS)).isEqualTo(2 * MS); // already on the grid
    }
}
