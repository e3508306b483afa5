package dev.otpgateway.routing;

/**
 * Cost in USD of this message: the price at the provider's current monthly tier times billable
 * units (segments for SMS, one for RCS).
 */
final class CostScorer implements Scorer {
  @Override
  public double raw(
      Lane lane,
      RouteRequest request,
      ProviderStatus status,
      long monthlyVolume,
      double conversion) {
    return lane.unitPrice(monthlyVolume) * lane.units(request.segments());
  }
}
