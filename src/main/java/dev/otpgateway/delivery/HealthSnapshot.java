package dev.otpgateway.delivery;

import dev.otpgateway.routing.ProviderHealth;
import dev.otpgateway.routing.ProviderStatus;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** What routing is told about each provider now: its breaker and what its receipts said lately. */
public final class HealthSnapshot {
  private HealthSnapshot() {}

  public static ProviderHealth of(
      Collection<String> providers, Breakers breakers, DeliveryQuality quality) {
    Map<String, ProviderStatus> byProvider = new HashMap<>();
    for (String provider : providers) {
      DeliveryQuality.Snapshot q = quality.snapshot(provider);
      byProvider.put(
          provider,
          new ProviderStatus(
              breakers.state(provider),
              q.successRate(),
              q.samples(),
              Double.isNaN(q.receiptLatencyMs()) ? 0 : q.receiptLatencyMs()));
    }
    return ProviderHealth.of(byProvider);
  }
}
