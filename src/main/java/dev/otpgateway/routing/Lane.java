package dev.otpgateway.routing;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * One provider on one channel in one region, with everything a decision needs precomputed at load
 * time: the verdict of the rule filters, the prices as doubles, the carbon figure and the delivery
 * timeout. {@code decide} then touches no map and parses nothing.
 */
final class Lane {
  private final Region region;
  private final ProviderProfile provider;
  private final Channel channel;
  private final ProviderRoute route;
  private final Exclusion ruleExclusion;
  private final PriceSchedule prices;
  private final double[] tierUsd;
  private final double carbonPerUnit;
  private final Duration deliveryTimeout;

  Lane(Region region, ProviderProfile provider, Channel channel, RuleFilter[] filters) {
    this.region = region;
    this.provider = provider;
    this.channel = channel;
    this.route = region.providers().get(provider.id());
    this.ruleExclusion = firstExclusion(region, provider, channel, filters);
    this.prices = route == null ? null : route.prices().get(channel);
    List<PriceTier> tiers = prices == null ? List.of() : prices.tiers();
    this.tierUsd = new double[tiers.size()];
    for (int i = 0; i < tiers.size(); i++) {
      tierUsd[i] = tiers.get(i).usd().doubleValue();
    }
    this.carbonPerUnit = provider.carbonGramsPerMessage().getOrDefault(channel, 0.0);
    this.deliveryTimeout = region.deliveryTimeouts().get(channel);
  }

  private static Exclusion firstExclusion(
      Region region, ProviderProfile provider, Channel channel, RuleFilter[] filters) {
    for (RuleFilter f : filters) {
      String detail = f.exclude(region, provider, channel);
      if (detail != null) {
        return new Exclusion(provider.id(), channel, f.reason(), detail);
      }
    }
    return null;
  }

  Region region() {
    return region;
  }

  ProviderProfile provider() {
    return provider;
  }

  String providerId() {
    return provider.id();
  }

  Channel channel() {
    return channel;
  }

  /** The region's entry for the provider; non-null whenever {@link #ruleExclusion()} is null. */
  ProviderRoute route() {
    return route;
  }

  /** Why the rules alone exclude this lane, or {@code null}. */
  Exclusion ruleExclusion() {
    return ruleExclusion;
  }

  /** Billable units for a message of {@code segments}: SMS bills per segment, RCS per message. */
  int units(int segments) {
    return channel == Channel.SMS ? segments : 1;
  }

  /** Price per unit at this month's volume, as a double for scoring. */
  double unitPrice(long monthlyVolume) {
    return tierUsd[prices.tierIndex(monthlyVolume)];
  }

  /** Price per unit at this month's volume, exact, for the candidate and the ledger. */
  BigDecimal exactUnitPrice(long monthlyVolume) {
    return prices.unitPrice(monthlyVolume);
  }

  double carbonPerUnit() {
    return carbonPerUnit;
  }

  Duration deliveryTimeout() {
    return deliveryTimeout;
  }
}
