package dev.gpsreplay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpPhaseTest {

    @Test
    void theMedianRoundIsTheMiddleOneByValueNotByPosition() {
        assertThat(HttpPhase.medianIndex(new double[] {1.14, 0.86, 0.92})).isEqualTo(2);
        assertThat(HttpPhase.medianIndex(new double[] {0.5})).isZero();
        // of an even count, the lower of the two middle values: the figure is never flattered
        assertThat(HttpPhase.medianIndex(new double[] {0.9, 1.2, 0.7, 1.0})).isZero();
    }
}
