/**
 * Routing: the rules model, its strict YAML loader, and the route decision.
 *
 * <p>The decision is a pure function of (request, rules, provider health, volumes): no I/O, no
 * clock, no Vert.x, no provider SDK. That is what lets it be tested as tables and benchmarked with
 * JMH, and what lets an auditor replay any past decision from the rules version it carries.
 *
 * <p>Entry points: {@link dev.otpgateway.routing.RulesLoader#load(java.nio.file.Path)} and {@link
 * dev.otpgateway.routing.RulesLoader#validate(java.util.Map)} build or lint a {@link
 * dev.otpgateway.routing.RuleSet}; {@link dev.otpgateway.routing.RouteDecider#decide} turns a
 * {@link dev.otpgateway.routing.RouteRequest} into a {@link dev.otpgateway.routing.RouteDecision};
 * {@link dev.otpgateway.routing.DecisionTable#render} explains one in plain text.
 *
 * <p>Rules are read with the strict YAML reader of {@code dev.otpgateway.yaml}; everything else is
 * the JDK and this package.
 */
package dev.otpgateway.routing;
