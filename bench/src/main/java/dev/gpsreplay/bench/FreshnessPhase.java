package dev.gpsreplay.bench;

import dev.gpsreplay.testsupport.RedisServer;
import java.time.Duration;
import java.util.TreeMap;

/**
 * Freshness: from a fix's emission ({@code emitted_at}) to an SSE client on query-api's
 * {@code /stream} receiving it, at about 10,000 fixes/s offered (100 copies of the real drive, sped
 * up so that together they emit that rate), event-driven variant. Freshness is a steady-state
 * figure, so the services warm up first at a share of the rate ({@code BENCH_FRESHNESS_RAMP_PERCENT},
 * a quarter by default): started cold at the full rate, both JVMs spend much of the first minute
 * compiling, and the backlog of that minute (minutes to drain on 2 cores) would be measured instead.
 */
final class FreshnessPhase implements Phase {

    static final int VEHICLES = 100;

    @Override
    public String name() {
        return "freshness";
    }

    @Override
    @SuppressWarnings("try") // the replayer runs for the duration of the block; only its closing matters
    public void run(Lab lab) throws Exception {
        int rate = lab.settings.freshnessRate();
        double speed = rate / (VEHICLES * lab.tracks.driveRate());
        double ramp = Math.min(100, Math.max(1, lab.settings.freshnessRampPercent())) / 100.0;
        try (RedisServer redis = Lab.newRedis()) {
            String topic = lab.newTopic(name());
            try (ServiceProcess q = lab.queryApi(redis, topic, lab.containerXmx("query-api"));
                    SseProbe sse = new SseProbe(q.baseUri());
                    ServiceProcess r = lab.replayer(
                            redis,
                            topic,
                            lab.vehicles(VEHICLES, 0),
                            speed * ramp,
                            true,
                            lab.containerXmx("replayer"))) {
                double rampUp = 0;
                if (ramp < 1) {
                    rampUp = warmUp(sse, lab.settings.freshnessWarmUp());
                    setSpeed(r, speed);
                }
                double warmUp = warmUp(sse, lab.settings.freshnessWarmUp());
                TreeMap<Double, Double> before = q.metrics().buckets("gps_view_update_latency_seconds");
                long events = sse.events();
                long start = System.nanoTime();
                sse.record(true);
                ServiceProcess.sleep(lab.settings.freshnessWindow().toMillis());
                sse.record(false);
                double seconds = (System.nanoTime() - start) / 1e9;
                double delivered = (sse.events() - events) / seconds;
                TreeMap<Double, Double> viewLatency =
                        Prometheus.delta(before, q.metrics().buckets("gps_view_update_latency_seconds"));
                String warmedAtRamp = ramp < 1
                        ? String.format(
                                "%.0f s at %.0f %% of the rate%s and ",
                                Math.abs(rampUp), ramp * 100, rampUp < 0 ? " (never caught up)" : "")
                        : "";
                String reference = String.format(
                        "offered %,d fixes/s (%d vehicles × speed %.0f), measured after %s%.0f s at the full rate%s;"
                                + " SSE received %s fixes/s; query-api's gps_view_update_latency p99 %s ms",
                        rate,
                        VEHICLES,
                        speed,
                        warmedAtRamp,
                        Math.abs(warmUp),
                        warmUp < 0 ? " (never caught up: a backlog stayed)" : "",
                        Report.format(delivered, ""),
                        Report.format(Prometheus.quantile(0.99, viewLatency) * 1000, ""));
                lab.report.info(name(), "freshness emission → SSE p50", sse.percentileMillis(50), "ms", reference);
                lab.report.check(
                        name(),
                        "freshness emission → SSE p99",
                        sse.percentileMillis(99),
                        "ms",
                        sse.recorded() + " fixes measured, " + sse.disconnects() + " disconnects",
                        "≤ 100 ms",
                        sse.percentileMillis(99) <= 100);
                lab.report
                        .details(name())
                        .put("offered_fixes_per_second", rate)
                        .put("sse_fixes_per_second", delivered)
                        .put("speed", speed)
                        .put("ramp_percent", ramp * 100)
                        .put("ramp_seconds", Math.abs(rampUp))
                        .put("warm_up_seconds", Math.abs(warmUp))
                        .put("caught_up", warmUp >= 0);
            }
        }
    }

    /** Raises every replay of {@code replayer} to {@code speed} ({@code PUT /replays/{id}/speed}). */
    private static void setSpeed(ServiceProcess replayer, double speed) throws Exception {
        int failed = View.changeEveryReplay(replayer.baseUri(), "PUT", "speed?factor=" + speed);
        if (failed > 0) {
            throw new IllegalStateException(failed + " replays refused PUT /replays/{id}/speed?factor=" + speed);
        }
    }

    /**
     * Waits until the pipeline has caught up with the offered rate: the JVMs compile for the first
     * minute or so (about half of each service's CPU in a profile), a backlog builds meanwhile, and
     * freshness is a steady-state figure. Caught up: the fixes of one 5 s slice arrived with a median
     * lag ≤ 100 ms (at least 10 s in). Returns the seconds waited, negated when {@code max} passed
     * first (the measurement then includes the backlog, and says so).
     */
    private static double warmUp(SseProbe sse, Duration max) {
        long start = System.nanoTime();
        sse.recentPercentileMillis(50);
        while (System.nanoTime() - start < max.toNanos()) {
            ServiceProcess.sleep(5_000);
            double median = sse.recentPercentileMillis(50);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (seconds >= 10 && median <= 100) {
                return seconds;
            }
        }
        return -(System.nanoTime() - start) / 1e9;
    }
}
