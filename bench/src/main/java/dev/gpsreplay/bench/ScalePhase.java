package dev.gpsreplay.bench;

import dev.gpsreplay.testsupport.RedisServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The scale run: 10,000 vehicles at 1 Hz (short copies of the real drive, looping) for the
 * configured duration, event-driven. Reports the replayer's heap after GC, query-api's readiness
 * (polled every second) and /vehicles completeness (every 10 s), pacing and freshness p99, and
 * whether anything was lost: at the end every replay is paused and each vehicle's sequence in the
 * view must equal the fixes the replayer emitted.
 */
final class ScalePhase implements Phase {

    @Override
    public String name() {
        return "scale";
    }

    @Override
    public void run(Lab lab) throws Exception {
        int vehicles = lab.settings.scaleVehicles();
        Duration duration = lab.settings.scaleDuration();
        String xmx = lab.settings.scaleReplayerXmx();
        try (RedisServer redis = Lab.newRedis()) {
            String topic = lab.newTopic(name());
            try (ServiceProcess q = lab.queryApi(redis, topic, lab.containerXmx("query-api"));
                    SseProbe sse = new SseProbe(q.baseUri());
                    ServiceProcess r = lab.replayer(
                            redis, topic, lab.vehicles(vehicles, PacingPhase.shortTrack(vehicles)), 1, true, xmx)) {
                long settle = System.nanoTime();
                int running = PacingPhase.awaitReplays(r, vehicles, lab.settings.quick() ? 60 : 300);
                lab.report.check(
                        name(),
                        "replays running after the replayer is ready",
                        running,
                        "",
                        String.format("waited up to %d s for %,d", lab.settings.quick() ? 60 : 300, vehicles),
                        String.format("%,d", vehicles),
                        running >= vehicles);
                boolean complete = awaitComplete(q, vehicles, Duration.ofMinutes(3));
                lab.report.check(
                        name(),
                        String.format("time until /vehicles lists all %,d", vehicles),
                        complete ? (System.nanoTime() - settle) / 1e9 : Double.NaN,
                        "s",
                        "after the replayer is ready",
                        "within 3 min",
                        complete);
                PacingPhase.Window pacing = PacingPhase.Window.open(r);
                sse.record(true);
                Monitored monitored = monitor(q, r, sse, vehicles, duration);
                sse.record(false);
                PacingPhase.Window.Result lateness = pacing.close(r);
                int[] readiness = monitored.counts();
                double heap = r.heapAfterGcMiB();
                String run = String.format("%,d vehicles, %d s", vehicles, duration.toSeconds());
                lab.report.check(
                        name(), "replayer heap after GC", heap, "MiB", run + ", -Xmx" + xmx, "≤ 512 MiB", heap <= 512);
                lab.report.check(
                        name(),
                        "query-api not ready (1 s polls)",
                        readiness[0],
                        "polls",
                        readiness[2] + " polls",
                        "0",
                        readiness[0] == 0);
                lab.report.check(
                        name(),
                        "/vehicles incomplete (10 s polls)",
                        readiness[1],
                        "polls",
                        readiness[3] + " polls",
                        "0",
                        readiness[1] == 0);
                lab.report.check(
                        name(),
                        "pacing lateness p99",
                        lateness.p99Millis(),
                        "ms",
                        Report.format(lateness.count(), "") + " fixes, p50 "
                                + Report.format(lateness.p50Millis(), "ms"),
                        "≤ 5 ms",
                        lateness.p99Millis() <= 5);
                lab.report.check(
                        name(),
                        "freshness p99",
                        sse.percentileMillis(99),
                        "ms",
                        sse.recorded() + " fixes via SSE, p50 " + Report.format(sse.percentileMillis(50), "ms"),
                        "≤ 100 ms",
                        sse.percentileMillis(99) <= 100);
                warmedUp(lab, monitored, sse);
                lost(lab, q, r, vehicles);
            }
        }
    }

    /** Waits until /vehicles lists {@code vehicles} vehicles; false if it does not within {@code timeout}. */
    static boolean awaitComplete(ServiceProcess q, int vehicles, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (View.vehicles(q.baseUri()).size() >= vehicles) {
                    return true;
                }
            } catch (Exception e) {
                // not ready yet
            }
            ServiceProcess.sleep(1000);
        }
        return false;
    }

    /**
     * The run without its warm-up, beside the whole run's figures: both JVMs compile for a minute or
     * more after the start, and a backlog of that minute can make the whole run's p99 alone. Each
     * slice's freshness p50/p99 shows where the delays were.
     */
    private void warmedUp(Lab lab, Monitored monitored, SseProbe sse) {
        String after = "after the first " + monitored.warmUpSeconds() + " s";
        StringBuilder slices = new StringBuilder("p99 per " + monitored.sliceSeconds() + " s slice:");
        var json = lab.report.details(name()).putArray("freshness_slices");
        for (double[] slice : monitored.slices()) {
            slices.append(' ').append(Report.format(slice[1], "")).append(',');
            var entry = json.addObject().put("fixes", (long) slice[2]);
            if (slice[2] > 0) { // no quantile of an empty slice (JSON has no NaN)
                entry.put("p50_ms", slice[0]).put("p99_ms", slice[1]);
            }
        }
        slices.setLength(slices.length() - 1);
        PacingPhase.Window.Result pacing = monitored.warmPacing();
        lab.report.info(
                name(),
                "pacing lateness p99, " + after,
                pacing.p99Millis(),
                "ms",
                Report.format(pacing.count(), "") + " fixes, p50 " + Report.format(pacing.p50Millis(), "ms"));
        lab.report.info(
                name(),
                "freshness p99, " + after,
                sse.warmPercentileMillis(99),
                "ms",
                sse.warmRecorded() + " fixes via SSE, p50 " + Report.format(sse.warmPercentileMillis(50), "ms") + "; "
                        + slices + " ms");
    }

    /** What {@link #monitor} saw: {not ready, incomplete, readiness polls, list polls}, and the run after its warm-up. */
    private record Monitored(
            int[] counts,
            long warmUpSeconds,
            PacingPhase.Window.Result warmPacing,
            long sliceSeconds,
            List<double[]> slices) {}

    /**
     * Polls readiness every second and /vehicles every 10 s; opens a second pacing window and starts
     * the probe's warmed-up histogram after the warm-up (a minute, or half of a shorter run); takes the
     * freshness p50/p99 of each tenth of the run (at least 10 s).
     */
    private static Monitored monitor(ServiceProcess q, ServiceProcess r, SseProbe sse, int vehicles, Duration duration)
            throws IOException {
        int[] counts = new int[4];
        long warmUp = Math.min(60, duration.toSeconds() / 2);
        long slice = Math.max(10, duration.toSeconds() / 10);
        List<double[]> slices = new ArrayList<>();
        PacingPhase.Window warmPacing = null;
        sse.recentMillis(); // slices start now
        long end = System.nanoTime() + duration.toNanos();
        for (int second = 0; System.nanoTime() < end; second++) {
            long tick = System.nanoTime();
            if (second == warmUp) {
                sse.warm();
                warmPacing = PacingPhase.Window.open(r);
            }
            if (second > 0 && second % slice == 0) {
                slices.add(sse.recentMillis(50, 99));
            }
            counts[2]++;
            if (!q.ready()) {
                counts[0]++;
            }
            if (second % 10 == 0) {
                counts[3]++;
                try {
                    if (View.vehicles(q.baseUri()).size() < vehicles) {
                        counts[1]++;
                    }
                } catch (Exception e) {
                    counts[1]++;
                }
            }
            ServiceProcess.sleep(Math.max(0, 1000 - (System.nanoTime() - tick) / 1_000_000));
        }
        slices.add(sse.recentMillis(50, 99));
        if (warmPacing == null) { // a run shorter than two seconds
            warmPacing = PacingPhase.Window.open(r);
        }
        return new Monitored(counts, warmUp, warmPacing.close(r), slice, slices);
    }

    /** Pauses every replay, then compares each vehicle's sequence in the view with the fixes emitted. */
    private void lost(Lab lab, ServiceProcess q, ServiceProcess r, int vehicles) throws Exception {
        int failedPauses = View.changeEveryReplay(r.baseUri(), "POST", "pause");
        ServiceProcess.sleep(2000);
        Map<String, Long> emitted = View.emitted(r.baseUri());
        // The view may lag far behind under load: wait until it holds everything, or has not moved for
        // 15 s (then what is missing is lost, not late), at most 5 min.
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        long lost;
        long missing;
        long lastApplied = -1;
        long stillSince = System.nanoTime();
        while (true) {
            Map<String, View.Entry> view = View.vehicles(q.baseUri());
            lost = 0;
            missing = 0;
            for (Map.Entry<String, Long> e : emitted.entrySet()) {
                View.Entry entry = view.get(e.getKey());
                long seq = entry == null ? 0 : entry.sequence();
                if (seq != e.getValue()) {
                    missing++;
                    lost += Math.abs(e.getValue() - seq);
                }
            }
            long applied = View.appliedFixes(view);
            if (applied != lastApplied) {
                lastApplied = applied;
                stillSince = System.nanoTime();
            }
            if (missing == 0 || System.nanoTime() > deadline || System.nanoTime() - stillSince > 15_000_000_000L) {
                break;
            }
            ServiceProcess.sleep(1000);
        }
        long total = emitted.values().stream().mapToLong(Long::longValue).sum();
        lab.report.check(
                name(),
                "fixes lost (view sequence ≠ emitted)",
                lost,
                "fixes",
                String.format(
                        "%,d fixes emitted by %,d vehicles; %d vehicles differ; %d pauses failed",
                        total, emitted.size(), missing, failedPauses),
                "0",
                lost == 0 && emitted.size() == vehicles && failedPauses == 0);
    }
}
