package dev.gpsreplay.bench;

import dev.gpsreplay.testsupport.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak (#9.8): 1,000 vehicles at speed 1, looping, for the configured duration (10 min), with a
 * few SSE clients on /stream, wrk hammering /gps_state and a reader paging through /vehicles.
 * Reports every error (non-2xx, socket errors, SSE disconnects; expected 0) and the heap after GC
 * of both services at the start and at the end.
 */
final class SoakPhase implements Phase {

    static final int SSE_CLIENTS = 3;
    static final int WRK_CONNECTIONS = 4;

    @Override
    public String name() {
        return "soak";
    }

    @Override
    public void run(Lab lab) throws Exception {
        int vehicles = lab.settings.soakVehicles();
        Duration duration = lab.settings.soakDuration();
        String queryXmx = lab.containerXmx("query-api");
        String replayerXmx = lab.containerXmx("replayer");
        try (RedisServer redis = Lab.newRedis()) {
            String topic = lab.newTopic(name());
            try (ServiceProcess q = lab.queryApi(redis, topic, queryXmx);
                    ServiceProcess r = lab.replayer(
                            redis, topic, lab.vehicles(vehicles, StartupPhase.SHORT_TRACK), 1, true, replayerXmx)) {
                if (!ScalePhase.awaitComplete(q, vehicles, Duration.ofMinutes(3))) {
                    lab.report.check(
                            name(),
                            "vehicles listed when the soak starts",
                            View.vehicles(q.baseUri()).size(),
                            "",
                            "waited 3 min for all",
                            String.format("%,d", vehicles),
                            false);
                }
                double queryHeapStart = q.heapAfterGcMiB();
                double replayerHeapStart = r.heapAfterGcMiB();
                List<SseProbe> clients = new ArrayList<>();
                for (int i = 0; i < SSE_CLIENTS; i++) {
                    clients.add(new SseProbe(q.baseUri()));
                }
                Reader reader = new Reader(q.baseUri());
                CompletableFuture<ToolOutput.WrkResult> wrk = CompletableFuture.supplyAsync(() -> {
                    try {
                        return new Tools(lab.work)
                                .wrk(q.baseUri() + "/gps_state", WRK_CONNECTIONS, duration, List.of());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                ToolOutput.WrkResult hammer = wrk.get();
                reader.stop();
                long sseDisconnects = 0;
                long sseErrors = 0;
                long sseEvents = 0;
                for (SseProbe client : clients) {
                    sseDisconnects += client.disconnects();
                    sseErrors += client.errors();
                    sseEvents += client.events();
                    client.close();
                }
                boolean alive = q.isAlive() && r.isAlive();
                double queryHeapEnd = q.heapAfterGcMiB();
                double replayerHeapEnd = r.heapAfterGcMiB();
                long errors =
                        hammer.non2xx() + hammer.socketErrors() + reader.errors.get() + sseDisconnects + sseErrors;
                String what = String.format(
                        "%,d vehicles, %d s: /gps_state %,d requests (%d non-2xx, %d socket errors);"
                                + " /vehicles %d reads (%d failed); %d SSE clients, %,d fixes (%d disconnects, %d refused)",
                        vehicles,
                        duration.toSeconds(),
                        hammer.requests(),
                        hammer.non2xx(),
                        hammer.socketErrors(),
                        reader.reads.get(),
                        reader.errors.get(),
                        SSE_CLIENTS,
                        sseEvents,
                        sseDisconnects,
                        sseErrors);
                lab.report.check(name(), "errors during the soak", errors, "", what, "0", errors == 0 && alive);
                lab.report.info(
                        name(),
                        "query-api heap after GC, start → end",
                        queryHeapEnd,
                        "MiB",
                        "start " + Report.format(queryHeapStart, "MiB") + ", -Xmx" + queryXmx);
                lab.report.info(
                        name(),
                        "replayer heap after GC, start → end",
                        replayerHeapEnd,
                        "MiB",
                        "start " + Report.format(replayerHeapStart, "MiB") + ", -Xmx" + replayerXmx);
                lab.report
                        .details(name())
                        .put("query_api_heap_start_mib", queryHeapStart)
                        .put("query_api_heap_end_mib", queryHeapEnd)
                        .put("replayer_heap_start_mib", replayerHeapStart)
                        .put("replayer_heap_end_mib", replayerHeapEnd)
                        .put("query_api_rss_end_mib", q.rssMiB())
                        .put("replayer_rss_end_mib", r.rssMiB());
            }
        }
    }

    /** Pages through /vehicles again and again (a pause of 200 ms between reads), counting failures. */
    static final class Reader {
        final AtomicLong reads = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        private volatile boolean running = true;

        Reader(String queryApi) {
            Thread thread = new Thread(
                    () -> {
                        while (running) {
                            try {
                                View.vehicles(queryApi);
                            } catch (Exception e) {
                                errors.incrementAndGet();
                            }
                            reads.incrementAndGet();
                            ServiceProcess.sleep(200);
                        }
                    },
                    "soak-reader");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            running = false;
        }
    }
}
