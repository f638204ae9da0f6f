package dev.gpsreplay.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ToolOutputTest {

    @Test
    void readsWrksReportLine() {
        String output = """
                Running 10s test @ http://127.0.0.1:8080/gps_state
                  2 threads and 50 connections
                  Latency Distribution
                     50%    1.20ms
                     99%    4.90ms
                  220000 requests in 10.00s, 80.00MB read
                BENCH_WRK {"requests":220000,"duration_us":10000000,"non2xx":3,"socket_errors":1,"p50_us":1200,"p99_us":4900,"p999_us":9100,"max_us":20000}
                """;
        ToolOutput.WrkResult wrk = ToolOutput.wrk(output);
        assertThat(wrk.rate()).isEqualTo(22000.0);
        assertThat(wrk.p99Micros()).isEqualTo(4900.0);
        assertThat(wrk.p999Micros()).isEqualTo(9100.0);
        assertThat(wrk.non2xx()).isEqualTo(3);
        assertThat(wrk.socketErrors()).isEqualTo(1);
    }

    @Test
    void noWrkReportIsAnError() {
        assertThatThrownBy(() -> ToolOutput.wrk("unable to connect to 127.0.0.1:1 Connection refused"))
                .hasMessageContaining("no report line");
    }

    @Test
    void readsRedisBenchmarkCsvWithItsHeader() {
        String output = """
                "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
                "GET","41666.67","0.639","0.168","0.615","0.879","1.087","2.263"
                """;
        ToolOutput.RedisBenchResult result = ToolOutput.redisBenchmark(output, "GET");
        assertThat(result.rps()).isEqualTo(41666.67);
        assertThat(result.p50Millis()).isEqualTo(0.615);
        assertThat(result.p99Millis()).isEqualTo(1.087);
    }

    @Test
    void readsRedisBenchmarkQuietLines() {
        String output = "SET: rps=0.0 (overall: 0.0) avg_msec=nan\rSET: 38910.51 requests per second, p50=0.639 msec\n"
                + "GET: 40000.00 requests per second, p50=0.607 msec\n";
        ToolOutput.RedisBenchResult result = ToolOutput.redisBenchmark(output, "GET");
        assertThat(result.rps()).isEqualTo(40000.0);
        assertThat(result.p50Millis()).isEqualTo(0.607);
        assertThat(result.p99Millis()).isNaN();
    }

    @Test
    void readsProducerPerformancesLastSummary() {
        String output = """
                174731 records sent, 34946.2 records/sec (23.33 MB/sec), 648.8 ms avg latency, 1064.0 ms max latency.
                200000 records sent, 35211.3 records/sec (23.51 MB/sec), 640.1 ms avg latency, 1064.0 ms max latency, 620 ms 50th, 980 ms 95th, 1040 ms 99th, 1060 ms 99.9th.
                """;
        ToolOutput.ProducerResult result = ToolOutput.producerPerformance(output);
        assertThat(result.records()).isEqualTo(200000);
        assertThat(result.recordsPerSecond()).isEqualTo(35211.3);
        assertThat(result.p99LatencyMillis()).isEqualTo(1040.0);
    }

    @Test
    void readsConsumerPerformancesStatsLine() {
        String output = """
                [main] INFO org.apache.kafka.tools.ConsumerPerformance - Starting consumer...
                start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
                2026-12-07 21:40:01:100, 2026-12-07 21:40:06:100, 702.7551, 140.5510, 1316000, 263200.0000, 3000, 2000, 351.3776, 658000.0000
                """;
        ToolOutput.ConsumerResult result = ToolOutput.consumerPerformance(output);
        assertThat(result.records()).isEqualTo(1_316_000);
        assertThat(result.recordsPerSecond()).isEqualTo(263_200.0);
        assertThat(result.fetchRecordsPerSecond()).isEqualTo(658_000.0);
    }

    @Test
    void noConsumerPerformanceStatsIsAnError() {
        assertThatThrownBy(() -> ToolOutput.consumerPerformance("WARN Timed out waiting for records\n"))
                .hasMessageContaining("no stats line");
    }
}
