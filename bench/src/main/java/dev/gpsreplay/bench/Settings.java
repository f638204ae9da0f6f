package dev.gpsreplay.bench;

import java.time.Duration;
import java.util.List;

/**
 * How long and how hard each phase runs. Defaults are the figures; {@code --quick} makes
 * every phase short (a smoke run). Environment overrides are listed in bench/README.md.
 */
record Settings(
        List<String> phases,
        boolean quick,
        int concurrency,
        int partitions,
        Duration httpDuration,
        int httpRounds,
        int pipelineVehicles,
        Duration pacingWindow,
        Duration freshnessWarmUp,
        Duration freshnessWindow,
        int freshnessRate,
        int freshnessRampPercent,
        int startupRepeats,
        Duration loadWindow,
        Duration scaleDuration,
        int scaleVehicles,
        Duration soakDuration,
        int soakVehicles,
        String scaleReplayerXmx,
        Duration readyTimeout) {

    static final List<String> ALL =
            List.of("startup", "http", "pipeline", "ingest", "pacing", "freshness", "scale", "soak");

    static Settings from(String phase, boolean quick, Integer durationSeconds) {
        List<String> phases = phase.equals("all") ? ALL : List.of(phase.split(","));
        Duration longRun = Duration.ofSeconds(durationSeconds != null ? durationSeconds : quick ? 30 : 600);
        return new Settings(
                phases,
                quick,
                env("BENCH_CONCURRENCY", 50),
                env("BENCH_PARTITIONS", 3),
                Duration.ofSeconds(env("BENCH_HTTP_SECONDS", quick ? 10 : 30)),
                Math.max(1, env("BENCH_HTTP_ROUNDS", 3)),
                env("BENCH_PIPELINE_VEHICLES", quick ? 20 : 100),
                Duration.ofSeconds(env("BENCH_PACING_SECONDS", quick ? 20 : 60)),
                Duration.ofSeconds(env("BENCH_FRESHNESS_WARMUP_SECONDS", quick ? 90 : 180)),
                Duration.ofSeconds(env("BENCH_FRESHNESS_SECONDS", quick ? 20 : 60)),
                env("BENCH_FRESHNESS_RATE", 10_000),
                env("BENCH_FRESHNESS_RAMP_PERCENT", 25),
                env("BENCH_STARTUP_REPEATS", quick ? 1 : 3),
                Duration.ofSeconds(env("BENCH_LOAD_SECONDS", quick ? 20 : 60)),
                Duration.ofSeconds(env("BENCH_SCALE_SECONDS", (int) longRun.toSeconds())),
                env("BENCH_SCALE_VEHICLES", 10_000),
                Duration.ofSeconds(env("BENCH_SOAK_SECONDS", (int) longRun.toSeconds())),
                env("BENCH_SOAK_VEHICLES", 1_000),
                System.getenv().getOrDefault("BENCH_SCALE_REPLAYER_XMX", "512m"),
                Duration.ofSeconds(env("BENCH_READY_TIMEOUT", 180)));
    }

    private static int env(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
