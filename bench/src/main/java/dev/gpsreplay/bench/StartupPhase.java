package dev.gpsreplay.bench;

import dev.gpsreplay.testsupport.RedisServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Start-to-ready of each service on the JVM (process start to the first 200 of /q/health/ready,
 * median of a few starts), then RSS of each under the containers' heap limits at a 1,000-vehicle
 * load (event-driven, speed 1), with the JVM sized as inside its container ({@link
 * Lab#containerJvmOptions}): on a host with much more memory than the container, a JVM starts with
 * its whole heap committed and picks G1, which the container's JVM would not.
 */
final class StartupPhase implements Phase {

    static final int LOAD_VEHICLES = 1_000;
    static final int SHORT_TRACK = 300;

    @Override
    public String name() {
        return "startup";
    }

    @Override
    public void run(Lab lab) throws Exception {
        try (RedisServer redis = Lab.newRedis()) {
            String topic = lab.newTopic(name());
            String queryXmx = lab.containerXmx("query-api");
            String replayerXmx = lab.containerXmx("replayer");
            List<Long> query = new ArrayList<>();
            List<Long> replayer = new ArrayList<>();
            for (int i = 0; i < lab.settings.startupRepeats(); i++) {
                try (ServiceProcess q = lab.queryApi(redis, topic, queryXmx)) {
                    query.add(q.readyMillis());
                }
                try (ServiceProcess r = lab.replayer(redis, topic, Map.of(), 1, false, replayerXmx)) {
                    replayer.add(r.readyMillis());
                }
            }
            String runs = lab.settings.startupRepeats() + " start(s), median";
            lab.report.check(
                    name(),
                    "query-api start → ready (JVM)",
                    median(query),
                    "ms",
                    runs + "; all " + query,
                    "≤ 1,500 ms",
                    median(query) <= 1500);
            lab.report.check(
                    name(),
                    "replayer start → ready (JVM)",
                    median(replayer),
                    "ms",
                    runs + "; all " + replayer,
                    "≤ 1,500 ms",
                    median(replayer) <= 1500);
            rssAtLoad(lab, redis, topic, queryXmx, replayerXmx);
        }
    }

    private void rssAtLoad(Lab lab, RedisServer redis, String topic, String queryXmx, String replayerXmx)
            throws Exception {
        List<String> queryJvm = lab.containerJvmOptions("query-api");
        List<String> replayerJvm = lab.containerJvmOptions("replayer");
        try (ServiceProcess q = lab.queryApi(redis, topic, queryXmx, queryJvm);
                ServiceProcess r = lab.replayer(
                        redis, topic, lab.vehicles(LOAD_VEHICLES, SHORT_TRACK), 1, true, replayerXmx, replayerJvm)) {
            ServiceProcess.sleep(lab.settings.loadWindow().toMillis());
            String load = String.format(
                    "%,d vehicles at 1 Hz for %d s",
                    LOAD_VEHICLES, lab.settings.loadWindow().toSeconds());
            double queryRss = q.rssMiB();
            double replayerRss = r.rssMiB();
            lab.report.check(
                    name(),
                    "query-api RSS at 1,000 vehicles",
                    queryRss,
                    "MiB",
                    load + ", " + lab.heapNote("query-api") + " " + String.join(" ", queryJvm),
                    "≤ 256 MiB",
                    queryRss <= 256);
            lab.report.check(
                    name(),
                    "replayer RSS at 1,000 vehicles",
                    replayerRss,
                    "MiB",
                    load + ", " + lab.heapNote("replayer") + " " + String.join(" ", replayerJvm),
                    "≤ 256 MiB",
                    replayerRss <= 256);
            lab.report.details(name()).put("query_api_heap_after_gc_mib", q.heapAfterGcMiB());
            lab.report.details(name()).put("replayer_heap_after_gc_mib", r.heapAfterGcMiB());
        }
    }

    static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
