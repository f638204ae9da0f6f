package dev.gpsreplay.bench;

import dev.gpsreplay.testsupport.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The hot read path: wrk on {@code GET /gps_state} and {@code GET /vehicles/{id}/state} (rotating
 * over the vehicles) while 100 vehicles replay at speed 1, beside redis-benchmark's GET on the same
 * Redis at the same concurrency. It runs in rounds (redis-benchmark, then wrk on each endpoint, back
 * to back) and reports the round with the median ratio, and the median of the rounds' latencies: on
 * a shared 2-core machine one window of a few seconds can be 10× slower than the next (p99 6.85 ms
 * in one run, 131 ms in another), and a pair measured side by side keeps its ratio.
 */
final class HttpPhase implements Phase {

    static final int VEHICLES = 100;

    @Override
    public String name() {
        return "http";
    }

    @Override
    @SuppressWarnings("try") // the replayer runs for the duration of the block; only its closing matters
    public void run(Lab lab) throws Exception {
        int c = lab.settings.concurrency();
        Duration duration = lab.settings.httpDuration();
        Tools tools = new Tools(lab.work);
        try (RedisServer redis = Lab.newRedis()) {
            String topic = lab.newTopic(name());
            try (ServiceProcess q = lab.queryApi(redis, topic, lab.containerXmx("query-api"));
                    ServiceProcess r = lab.replayer(
                            redis, topic, lab.vehicles(VEHICLES, 0), 1, true, lab.containerXmx("replayer"))) {
                List<String> ids = awaitVehicles(q);
                List<String> paths = new ArrayList<>();
                ids.forEach(id -> paths.add("/vehicles/" + id + "/state"));
                // both endpoints warmed as long as they are measured: the JIT compiles what serves them
                // (with 3 s, the endpoint measured first was measured half-compiled: 2.5x slower)
                double rate = tools.wrk(q.baseUri() + "/gps_state", c, duration, List.of())
                        .rate();
                tools.wrk(q.baseUri() + paths.get(0), c, duration, paths);
                List<ToolOutput.RedisBenchResult> redisGets = new ArrayList<>();
                List<ToolOutput.WrkResult> gpsStates = new ArrayList<>();
                List<ToolOutput.WrkResult> vehicleStates = new ArrayList<>();
                for (int round = 0; round < lab.settings.httpRounds(); round++) {
                    // about as many GETs as wrk made in its last window: a reference as long as what it stands beside
                    int requests = (int) Math.max(100_000, Math.min(2_000_000, rate * duration.toSeconds()));
                    redisGets.add(tools.redisGet(redis.port(), c, requests));
                    gpsStates.add(tools.wrk(q.baseUri() + "/gps_state", c, duration, List.of()));
                    vehicleStates.add(tools.wrk(q.baseUri() + paths.get(0), c, duration, paths));
                    rate = gpsStates.get(round).rate();
                }
                report(lab, "GET /gps_state", gpsStates, redisGets, c, true);
                report(lab, "GET /vehicles/{id}/state", vehicleStates, redisGets, c, false);
            }
        }
    }

    /** One endpoint's rounds: the round with the median ratio, and the median of the rounds' latencies. */
    private void report(
            Lab lab,
            String endpoint,
            List<ToolOutput.WrkResult> rounds,
            List<ToolOutput.RedisBenchResult> redisGets,
            int c,
            boolean targets) {
        double[] ratios = new double[rounds.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = rounds.get(i).rate() / redisGets.get(i).rps();
        }
        int middle = medianIndex(ratios);
        ToolOutput.WrkResult wrk = rounds.get(middle);
        ToolOutput.RedisBenchResult redis = redisGets.get(middle);
        double ratio = ratios[middle];
        String reference = String.format(
                "redis-benchmark -t get -c %d in the same round: %s req/s, p50 %s ms, p99 %s ms (%.2f×);"
                        + " the median of %d rounds (ratios %s)",
                c,
                Report.format(redis.rps(), ""),
                Report.format(redis.p50Millis(), ""),
                Report.format(redis.p99Millis(), ""),
                ratio,
                ratios.length,
                joined(ratios, "%.2f×"));
        double p50 = median(rounds, ToolOutput.WrkResult::p50Micros) / 1000;
        double p99 = median(rounds, ToolOutput.WrkResult::p99Micros) / 1000;
        double p999 = median(rounds, ToolOutput.WrkResult::p999Micros) / 1000;
        String load = String.format(
                "wrk -t2 -c%d, %d rounds of %s, the median; per round %s",
                c,
                rounds.size(),
                Report.format(wrk.seconds(), "s"),
                joined(rounds.stream().mapToDouble(r -> r.p99Micros() / 1000).toArray(), "%.3g ms"));
        if (targets) {
            lab.report.check(
                    name(), endpoint + " req/s", wrk.rate(), "req/s", reference, "≥ 1.0× redis GET", ratio >= 1.0);
            lab.report.check(name(), endpoint + " p99", p99, "ms", load, "≤ 5 ms", p99 <= 5);
        } else {
            lab.report.info(name(), endpoint + " req/s", wrk.rate(), "req/s", reference);
            lab.report.info(name(), endpoint + " p99", p99, "ms", load);
        }
        lab.report.info(name(), endpoint + " p50", p50, "ms", "the median of " + rounds.size() + " rounds");
        lab.report.info(name(), endpoint + " p99.9", p999, "ms", "the median of " + rounds.size() + " rounds");
        long errors =
                rounds.stream().mapToLong(r -> r.non2xx() + r.socketErrors()).sum();
        long requests =
                rounds.stream().mapToLong(ToolOutput.WrkResult::requests).sum();
        lab.report.check(
                name(),
                endpoint + " errors (non-2xx, socket)",
                errors,
                "",
                requests + " requests in " + rounds.size() + " rounds",
                "0",
                errors == 0);
    }

    /** The index of the median value (of an even count, the lower of the two middle ones). */
    static int medianIndex(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        return order[(values.length - 1) / 2];
    }

    private static double median(List<ToolOutput.WrkResult> rounds, ToDoubleFunction<ToolOutput.WrkResult> value) {
        double[] values = rounds.stream().mapToDouble(value).toArray();
        return values[medianIndex(values)];
    }

    private static String joined(double[] values, String format) {
        List<String> parts = new ArrayList<>();
        for (double value : values) {
            parts.add(String.format(format, value));
        }
        return String.join(", ", parts);
    }

    /** Waits until every vehicle is in the view and /gps_state answers; returns the vehicle ids. */
    static List<String> awaitVehicles(ServiceProcess q) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            Map<String, View.Entry> view = View.vehicles(q.baseUri());
            if (view.size() >= VEHICLES && Http.status(q.baseUri() + "/gps_state", Duration.ofSeconds(5)) == 200) {
                return new ArrayList<>(view.keySet());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "only " + view.size() + " of " + VEHICLES + " vehicles in the view after 2 min");
            }
            ServiceProcess.sleep(500);
        }
    }
}
