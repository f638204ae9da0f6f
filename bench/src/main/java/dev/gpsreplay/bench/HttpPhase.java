package dev.gpsreplay.bench;

import dev.gpsreplay.testsupport.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hot read path: wrk on {@code GET /gps_state} and {@code GET /vehicles/{id}/state} (rotating
 * over the vehicles) while 100 vehicles replay at speed 1, beside redis-benchmark's GET on the same
 * Redis at the same concurrency (the better of a run before and a run after them).
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
                tools.wrk(q.baseUri() + "/gps_state", c, duration, List.of());
                tools.wrk(q.baseUri() + paths.get(0), c, duration, paths);
                // the reference before and after the measurements, the better of the two: the machine's
                // noise (a JIT thread, a neighbour) must not flatter the ratio
                ToolOutput.RedisBenchResult before = tools.redisGet(redis.port(), c, 200_000);
                ToolOutput.WrkResult gpsState = tools.wrk(q.baseUri() + "/gps_state", c, duration, List.of());
                ToolOutput.WrkResult vehicleState = tools.wrk(q.baseUri() + paths.get(0), c, duration, paths);
                int requests = (int) Math.max(100_000, Math.min(2_000_000, gpsState.rate() * duration.toSeconds()));
                ToolOutput.RedisBenchResult after = tools.redisGet(redis.port(), c, requests);
                ToolOutput.RedisBenchResult redisGet = before.rps() > after.rps() ? before : after;
                report(lab, "GET /gps_state", gpsState, redisGet, c, true);
                report(lab, "GET /vehicles/{id}/state", vehicleState, redisGet, c, false);
            }
        }
    }

    private void report(
            Lab lab,
            String endpoint,
            ToolOutput.WrkResult wrk,
            ToolOutput.RedisBenchResult redis,
            int c,
            boolean targets) {
        double ratio = wrk.rate() / redis.rps();
        String reference = String.format(
                "redis-benchmark -t get -c %d: %s req/s, p50 %s ms, p99 %s ms (%.2f×)",
                c,
                Report.format(redis.rps(), ""),
                Report.format(redis.p50Millis(), ""),
                Report.format(redis.p99Millis(), ""),
                ratio);
        String load = "wrk -t2 -c" + c + ", " + Report.format(wrk.seconds(), "s");
        if (targets) {
            lab.report.check(
                    name(), endpoint + " req/s", wrk.rate(), "req/s", reference, "≥ 1.0× redis GET", ratio >= 1.0);
            lab.report.check(
                    name(), endpoint + " p99", wrk.p99Micros() / 1000, "ms", load, "≤ 5 ms", wrk.p99Micros() <= 5000);
        } else {
            lab.report.info(name(), endpoint + " req/s", wrk.rate(), "req/s", reference);
            lab.report.info(name(), endpoint + " p99", wrk.p99Micros() / 1000, "ms", load);
        }
        lab.report.info(name(), endpoint + " p50", wrk.p50Micros() / 1000, "ms", load);
        lab.report.info(name(), endpoint + " p99.9", wrk.p999Micros() / 1000, "ms", load);
        lab.report.check(
                name(),
                endpoint + " errors (non-2xx, socket)",
                wrk.non2xx() + wrk.socketErrors(),
                "",
                wrk.requests() + " requests",
                "0",
                wrk.non2xx() + wrk.socketErrors() == 0);
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
