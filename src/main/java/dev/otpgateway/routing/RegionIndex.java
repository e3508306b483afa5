package dev.otpgateway.routing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A region prepared for fast decisions: every (provider, channel) lane in provider-name order, the
 * region's effective weights, and its baseline price list.
 */
final class RegionIndex {
  private final Region region;
  private final Lane[] lanes;
  private final Weights weights;
  private final String weightsSource;
  private final String baselineProvider;
  private final PriceSchedule baselinePrices;
  private final String[] routedProviders;

  RegionIndex(
      Region region,
      Iterable<ProviderProfile> providersByName,
      Weights defaultWeights,
      String defaultBaseline) {
    this.region = region;
    RuleFilter[] filters = RuleFilter.inOrder();
    List<Lane> built = new ArrayList<>();
    for (ProviderProfile p : providersByName) {
      for (Channel c : p.channels()) {
        built.add(new Lane(region, p, c, filters));
      }
    }
    this.lanes = built.toArray(new Lane[0]);
    this.weights = region.weights() != null ? region.weights() : defaultWeights;
    this.weightsSource = region.weights() != null ? "region " + region.id() : "default";
    this.baselineProvider =
        region.baselineProvider() != null ? region.baselineProvider() : defaultBaseline;
    this.baselinePrices = region.providers().get(baselineProvider).prices().get(Channel.SMS);
    this.routedProviders = region.providers().keySet().toArray(new String[0]);
  }

  Region region() {
    return region;
  }

  Lane[] lanes() {
    return lanes;
  }

  Weights weights() {
    return weights;
  }

  String weightsSource() {
    return weightsSource;
  }

  /**
   * What the single-provider baseline would have charged for this message. Its tier is chosen from
   * the region's total volume across providers: in the baseline world it would have carried all of
   * it, and a smaller volume would overstate what routing saved.
   */
  Baseline baseline(int segments, Volumes volumes) {
    long total = 0;
    for (String p : routedProviders) {
      total += volumes.monthly(p, region.id());
    }
    BigDecimal unit = baselinePrices.unitPrice(total);
    return new Baseline(baselineProvider, unit, unit.multiply(BigDecimal.valueOf(segments)));
  }
}
