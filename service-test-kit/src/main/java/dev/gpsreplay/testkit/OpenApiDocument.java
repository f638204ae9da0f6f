package dev.gpsreplay.testkit;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Checks on a service's OpenAPI document, parsed into maps and lists (e.g. by REST Assured's JsonPath). */
public final class OpenApiDocument {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final String PROBLEM_MEDIA_TYPE = "application/problem+json";
    private static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

    private OpenApiDocument() {}

    /**
     * Every documented error response (4xx and 5xx), as {@code "METHOD /path status"}, and whether it
     * declares an {@code application/problem+json} body of the Problem schema, as the services answer.
     */
    public static Map<String, Boolean> errorResponses(Map<String, Object> document) {
        Map<String, Boolean> errors = new TreeMap<>();
        map(document.get("paths"))
                .forEach((path, item) -> map(item).forEach((method, operation) -> {
                    if (!METHODS.contains(method)) {
                        return; // path-level parameters, summary...
                    }
                    map(map(operation).get("responses")).forEach((status, response) -> {
                        if (status.startsWith("4") || status.startsWith("5")) {
                            Object schema = map(map(map(response).get("content"))
                                            .get(PROBLEM_MEDIA_TYPE))
                                    .get("schema");
                            errors.put(
                                    method.toUpperCase(Locale.ROOT) + " " + path + " " + status,
                                    PROBLEM_SCHEMA.equals(map(schema).get("$ref")));
                        }
                    });
                }));
        return errors;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
