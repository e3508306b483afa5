package dev.otpgateway.routing;

import java.util.Map;

/**
 * An immutable snapshot of every provider's {@link ProviderStatus}, taken by the caller just before
 * a decision. A provider missing from it is healthy with no observations.
 */
public final class ProviderHealth {
  /** Every provider healthy, nothing observed. */
  public static final ProviderHealth UNOBSERVED = new ProviderHealth(Map.of());

  private final Map<String, ProviderStatus> byProvider;

  private ProviderHealth(Map<String, ProviderStatus> byProvider) {
    this.byProvider = byProvider;
  }

  /** A snapshot of {@code byProvider} (copied; later changes to the map do not show). */
  public static ProviderHealth of(Map<String, ProviderStatus> byProvider) {
    return new ProviderHealth(Map.copyOf(byProvider));
  }

  /** The provider's status, or {@link ProviderStatus#UNOBSERVED}. */
  public ProviderStatus status(String provider) {
    ProviderStatus s = byProvider.get(provider);
    return s == null ? ProviderStatus.UNOBSERVED : s;
  }

  /** The snapshot as a map, for reports. */
  public Map<String, ProviderStatus> asMap() {
    return byProvider;
  }

  @Override
  public String toString() {
    return "ProviderHealth" + byProvider;
  }
}
