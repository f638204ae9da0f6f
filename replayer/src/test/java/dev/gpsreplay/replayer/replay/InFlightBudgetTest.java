package dev.gpsreplay.replayer.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each replay's share of the fixes under way, for the Kafka sink's window and for a sink of one. */
class InFlightBudgetTest {

    @Test
    void theSinksWindowUntilTheReplaysShareTheTotalThenTheFloor() {
        InFlightBudget budget = new InFlightBudget(64);
        assertThat(budget.perReplay()).isEqualTo(64);
        budget.replays(100);
        assertThat(budget.perReplay()).as("100 x 64 is within the total").isEqualTo(64);
        budget.replays(1_000);
        assertThat(budget.perReplay()).isEqualTo(InFlightBudget.TOTAL / 1_000);
        budget.replays(10_000);
        assertThat(budget.perReplay()).isEqualTo(InFlightBudget.FLOOR);
        budget.replays(0);
        assertThat(budget.perReplay()).as("back to one replay's share").isEqualTo(64);
    }

    @Test
    void aSinkThatTakesOneAtATimeKeepsOne() {
        InFlightBudget budget = new InFlightBudget(1);
        budget.replays(10_000);
        assertThat(budget.perReplay()).isEqualTo(1);
    }
}
