package dev.gpsreplay.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
}
