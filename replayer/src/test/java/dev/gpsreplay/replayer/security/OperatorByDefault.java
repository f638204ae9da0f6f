package dev.gpsreplay.replayer.security;

import io.quarkus.test.junit.callback.QuarkusTestAfterEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import java.util.List;

/**
 * Every replayer {@code @QuarkusTest} calls the API as an operator, with a real signed token, unless
 * its class is annotated {@link Anonymous} or the request carries its own Authorization header: the
 * tests of replay control are about replays; the tests of access ({@code AuthTest},
 * {@code OpenApiAuthTest}) choose their tokens themselves. Registered in META-INF/services.
 */
public class OperatorByDefault implements QuarkusTestBeforeEachCallback, QuarkusTestAfterEachCallback {

    private static final String AUTHORIZATION = "Authorization";

    /** Adds the operator token to requests that carry none. */
    private static final Filter OPERATOR = (request, response, context) -> {
        if (!request.getHeaders().hasHeaderWithName(AUTHORIZATION)) {
            request.header(AUTHORIZATION, "Bearer " + TestTokens.operator());
        }
        return context.next(request, response);
    };

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (!context.getTestInstance().getClass().isAnnotationPresent(Anonymous.class)
                && !RestAssured.filters().contains(OPERATOR)) {
            RestAssured.filters(OPERATOR);
        }
    }

    @Override
    public void afterEach(QuarkusTestMethodContext context) {
        List<Filter> others = RestAssured.filters().stream()
                .filter(filter -> filter != OPERATOR)
                .toList();
        RestAssured.replaceFiltersWith(others);
    }
}
