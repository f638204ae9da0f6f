package dev.gpsreplay.replayer.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each replay's share of the fixes under way, for the Kafka sink's window and for a sink of one. */
class InFlightBudgetTest {

    @Test
    void theSinksWindowUntilTheReplaysShareTheTotalThenTheFloor() {
        AtomicInteger replays = new AtomicInteger(1);
        InFlightBudget budget = new InFlightBudget(64, replays::get);
        assertThat(budget.perReplay()).isEqualTo(64);
        replays.set(100);
        assertThat(budget.perReplay()).as("100 x 64 is within the total").isEqualTo(64);
        replays.set(1_000);
        assertThat(budget.perReplay()).isEqualTo(InFlightBudget.TOTAL / 1_000);
        replays.set(10_000);
        assertThat(budget.perReplay()).isEqualTo(InFlightBudget.FLOOR);
        replays.set(0);
        assertThat(budget.perReplay()).as("back to one replay's share").isEqualTo(64);
    }

    @Test
    void aSinkThatTakesOneAtATimeKeepsOne() {
        InFlightBudget budget = new InFlightBudget(1, () -> 10_000);
        assertThat(budget.perReplay()).isEqualTo(1);
    }
}
