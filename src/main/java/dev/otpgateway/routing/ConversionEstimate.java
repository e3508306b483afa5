package dev.otpgateway.routing;

/**
 * What a candidate's quality score was made of when conversions score quality.
 *
 * @param mean the posterior mean share of codes approved: what the route is expected to convert
 * @param approved effective approvals observed on the route (see {@link ConversionEvidence})
 * @param sends effective sends observed on the route
 * @param priorMean where the estimate starts before any evidence: the other routes to the same
 *     country, else all routes on the channel, else {@value ConversionModel#DEFAULT_PRIOR_MEAN}
 * @param scored the value the quality score used: the mean, or a draw from the posterior when the
 *     decision explored
 */
public record ConversionEstimate(
    double mean, double approved, double sends, double priorMean, double scored) {}
