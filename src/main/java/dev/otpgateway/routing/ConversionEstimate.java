package dev.otpgateway.routing;

/**
 * What a candidate's quality score was made of when conversions score quality.
 *
 * @param mean the posterior mean share of codes approved: what the route is expected to convert
 * @param approved effective approvals observed on the route (see {@link ConversionEvidence})
 * @param sends effective sends observed on the route
 * @param priorMean where the estimate starts before any evidence: what the country's other routes
 *     or the channel elsewhere convert, whichever is better (see {@link ConversionModel})
 * @param scored the value the quality score used: the mean, or a draw from the posterior when the
 *     decision explored
 */
public record ConversionEstimate(
    double mean, double approved, double sends, double priorMean, double scored) {}
