/**
 * RFC 9457 problem details: the body of every error answer, and its OpenAPI declaration (the
 * {@link dev.gpsreplay.common.problem.Problem} schema is in the components of
 * {@code dev.gpsreplay.common.openapi}; {@link dev.gpsreplay.common.problem.ProblemResponsesFilter}
 * refers to it from every error answer).
 */
package dev.gpsreplay.common.problem;
