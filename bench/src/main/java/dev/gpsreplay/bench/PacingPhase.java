package dev.gpsreplay.bench;

import dev.gpsreplay.testsupport.RedisServer;
import java.io.IOException;
import java.util.TreeMap;

/**
 * Pacing: how late each fix leaves against its schedule, from the replayer's
 * {@code gps_replay_schedule_lateness_seconds} histogram (bucket deltas between two scrapes), for
 * 1,000 and 10,000 vehicles at speed 1 (Kafka sink; no query-api: this measures the replayer).
 */
final class PacingPhase implements Phase {

    static final String HISTOGRAM = "gps_replay_schedule_lateness_seconds";

    @Override
    public String name() {
        return "pacing";
    }

    @Override
    public void run(Lab lab) throws Exception {
        for (int vehicles : new int[] {1_000, 10_000}) {
            try {
                measure(lab, vehicles);
            } catch (Exception e) {
                lab.report.error(name(), "pacing, " + vehicles + " vehicles", e);
            }
        }
    }

    private void measure(Lab lab, int vehicles) throws Exception {
        String xmx = vehicles > 1_000 ? lab.settings.scaleReplayerXmx() : lab.containerXmx("replayer");
        try (RedisServer redis = Lab.newRedis();
                ServiceProcess r = lab.replayer(
                        redis, lab.newTopic(name()), lab.vehicles(vehicles, shortTrack(vehicles)), 1, true, xmx)) {
            int running = awaitReplays(r, vehicles, lab.settings.quick() ? 60 : 300);
            ServiceProcess.sleep(lab.settings.quick() ? 5_000 : 10_000);
            double cpuBefore = r.cpuSeconds();
            Window window = Window.open(r);
            ServiceProcess.sleep(lab.settings.pacingWindow().toMillis());
            Window.Result result = window.close(r);
            double cpuMicrosPerFix = (r.cpuSeconds() - cpuBefore) * 1e6 / Math.max(1, result.count());
            String load = String.format(
                    "%,d of %,d replays running; %s fixes in %d s (%s fixes/s), -Xmx%s",
                    running,
                    vehicles,
                    Report.format(result.count(), ""),
                    lab.settings.pacingWindow().toSeconds(),
                    Report.format(result.count() / result.seconds(), ""),
                    xmx);
            String label = String.format("%,d vehicles", vehicles);
            lab.report.info(name(), "pacing lateness p50, " + label, result.p50Millis(), "ms", load);
            // wall-clock figures move with the machine's load; the CPU a paced fix costs moves much less
            lab.report.info(name(), "replayer CPU per fix, " + label, cpuMicrosPerFix, "µs", load);
            lab.report.check(
                    name(),
                    "pacing lateness p99, " + label,
                    result.p99Millis(),
                    "ms",
                    load,
                    "≤ 5 ms",
                    result.p99Millis() <= 5);
        }
    }

    /**
     * Waits (up to {@code seconds}) until the replayer lists {@code vehicles} replays: it may register
     * them one by one after it is ready. Returns how many it lists.
     */
    static int awaitReplays(ServiceProcess replayer, int vehicles, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        int running = 0;
        while (true) {
            try {
                running = View.emitted(replayer.baseUri()).size();
            } catch (IOException e) {
                // counted as none yet
            }
            if (running >= vehicles || System.nanoTime() > deadline) {
                return running;
            }
            ServiceProcess.sleep(2000);
        }
    }

    /** Track length of the copies: a few hundred fixes, fewer for 10,000 vehicles (they loop). */
    static int shortTrack(int vehicles) {
        return vehicles > 1_000 ? 120 : 300;
    }

    /** Two scrapes of the lateness histogram. */
    record Window(TreeMap<Double, Double> start, long startNanos) {

        record Result(double p50Millis, double p99Millis, double count, double seconds) {}

        static Window open(ServiceProcess replayer) throws IOException {
            return new Window(replayer.metrics().buckets(HISTOGRAM), System.nanoTime());
        }

        Result close(ServiceProcess replayer) throws IOException {
            TreeMap<Double, Double> end = replayer.metrics().buckets(HISTOGRAM);
            if (end.isEmpty()) {
                throw new IOException("the replayer serves no " + HISTOGRAM + "_bucket");
            }
            TreeMap<Double, Double> delta = Prometheus.delta(start, end);
            return new Result(
                    Prometheus.quantile(0.5, delta) * 1000,
                    Prometheus.quantile(0.99, delta) * 1000,
                    Prometheus.count(delta),
                    (System.nanoTime() - startNanos) / 1e9);
        }
    }
}
