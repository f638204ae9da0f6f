/**
 * RFC 9457 problem details: the body of every error answer, and its OpenAPI declaration.
 *
 * <p>The definition below only puts the {@link dev.gpsreplay.common.problem.Problem} schema into each
 * service's OpenAPI components, for {@link dev.gpsreplay.common.problem.ProblemResponsesFilter} to
 * refer to; each service's title, version and description come from its own
 * {@code quarkus.smallrye-openapi.info-*} settings, which override the info here.
 */
@OpenAPIDefinition(
        info = @Info(title = "GPS Replay", version = "1.0.0"),
        components = @Components(schemas = @Schema(name = "Problem", implementation = Problem.class)))
package dev.gpsreplay.common.problem;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
