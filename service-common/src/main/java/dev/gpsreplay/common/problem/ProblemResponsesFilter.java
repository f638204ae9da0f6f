package dev.gpsreplay.common.problem;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * The problem body, declared once for both services' OpenAPI documents (a build-time filter):
 * an operation declares each error response by its status and when it happens; this gives every
 * 4xx and 5xx response that declares no content of its own the {@code application/problem+json}
 * content of {@link Problem}, which is what the services answer (see {@link ProblemMappers}).
 * The Problem schema itself is in the document's components, declared in {@code dev.gpsreplay.common.openapi}.
 *
 * <p>It runs when the document is built ({@code BUILD}), never at startup: a filter that runs at
 * startup makes Quarkus build the whole document there, about half a second of every start.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ProblemResponsesFilter implements OASFilter {

    static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getResponses() == null || operation.getResponses().getAPIResponses() == null) {
            return operation;
        }
        for (Map.Entry<String, APIResponse> entry :
                operation.getResponses().getAPIResponses().entrySet()) {
            APIResponse response = entry.getValue();
            if (isError(entry.getKey())
                    && response.getRef() == null
                    && (response.getContent() == null
                            || response.getContent().getMediaTypes().isEmpty())) {
                response.setContent(problemContent());
            }
        }
        return operation;
    }

    private static boolean isError(String status) {
        return status.startsWith("4") || status.startsWith("5");
    }

    private static Content problemContent() {
        return OASFactory.createContent()
                .addMediaType(
                        Problem.MEDIA_TYPE,
                        OASFactory.createMediaType()
                                .schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA)));
    }
}
