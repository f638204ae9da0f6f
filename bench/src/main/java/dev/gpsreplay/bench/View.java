package dev.gpsreplay.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** What query-api's view holds, read through its API (never its Redis keys, whose layout may change). */
final class View {

    /** One vehicle's latest sequence and its track's size. */
    record Entry(long sequence, long trackSize) {}

    private View() {}

    /** Every vehicle of {@code GET /vehicles} (following pages) by id. */
    static Map<String, Entry> vehicles(String queryApi) throws IOException {
        List<JsonNode> items = Http.list(queryApi, "/vehicles");
        Map<String, Entry> view = new HashMap<>();
        for (JsonNode item : items) {
            view.put(
                    item.path("vehicle_id").asText(),
                    new Entry(
                            item.path("sequence").asLong(),
                            item.path("track_size").asLong()));
        }
        return view;
    }

    static long appliedFixes(Map<String, Entry> view) {
        return view.values().stream().mapToLong(Entry::sequence).sum();
    }

    /** Fixes emitted per vehicle, from the replayer's {@code GET /replays}. */
    static Map<String, Long> emitted(String replayer) throws IOException {
        Map<String, Long> emitted = new HashMap<>();
        for (JsonNode item : Http.list(replayer, "/replays")) {
            emitted.put(
                    item.path("vehicle_id").asText(), item.path("fixes_emitted").asLong());
        }
        return emitted;
    }

    /**
     * Sends {@code method /replays/{id}/{action}} for every replay of {@code replayer}, 16 at a time
     * (e.g. {@code POST pause}, {@code PUT speed?factor=100}); returns how many did not answer 2xx.
     */
    static int changeEveryReplay(String replayer, String method, String action) throws Exception {
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (String id : emitted(replayer).keySet()) {
                calls.add(pool.submit(() -> {
                    try {
                        int status = Http.change(method, replayer + "/replays/" + id + "/" + action)
                                .statusCode();
                        if (status / 100 != 2) {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            pool.shutdown();
        }
        return failed.get();
    }
}
