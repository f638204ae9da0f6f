package dev.gpsreplay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceProcessTest {

    @Test
    void aServiceTakesOnlyTheVariablesNamedForIt() {
        Map<String, String> environment = Map.of(
                "BENCH_QUERY_API_ENV_MP_MESSAGING_INCOMING_GPS_FIXES_IN_MAX_POLL_RECORDS", "100",
                "BENCH_REPLAYER_ENV_REPLAY_TIMER_SLACK", "0",
                "BENCH_QUERY_API_ENV_", "ignored: no name",
                "PATH", "/usr/bin");

        assertThat(ServiceProcess.extraEnv("query-api", environment))
                .containsExactly(Map.entry("MP_MESSAGING_INCOMING_GPS_FIXES_IN_MAX_POLL_RECORDS", "100"));
        assertThat(ServiceProcess.extraEnv("replayer", environment))
                .containsExactly(Map.entry("REPLAY_TIMER_SLACK", "0"));
        assertThat(ServiceProcess.extraEnv("replayer-probe", environment)).isEmpty();
    }
}
