package dev.otpgateway.routing;

/**
 * Grams of CO2e for this message: the provider's per-message figure for the channel, times segments
 * for SMS, because each segment travels the network as a separate SMS. An RCS message is one IP
 * message whatever its length.
 */
final class CarbonScorer implements Scorer {
  @Override
  public double raw(
      Lane lane,
      RouteRequest request,
      ProviderStatus status,
      long monthlyVolume,
      double conversion) {
    return lane.carbonPerUnit() * lane.units(request.segments());
  }
}
