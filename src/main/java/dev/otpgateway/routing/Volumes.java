package dev.otpgateway.routing;

import java.util.HashMap;
import java.util.Map;

/**
 * This month's volume so far per (provider, region), in billable units (SMS segments, RCS
 * messages): it selects each provider's price tier. An immutable snapshot; absent means zero.
 */
public final class Volumes {
  /** Nothing sent yet this month. */
  public static final Volumes NONE = new Volumes(Map.of());

  // Nested by region, then provider, so a lookup needs no key object.
  private final Map<String, Map<String, Long>> byRegion;

  private Volumes(Map<String, Map<String, Long>> byRegion) {
    this.byRegion = byRegion;
  }

  /** Starts an empty snapshot. */
  public static Builder builder() {
    return new Builder();
  }

  /** Units already sent this month through {@code provider} in {@code region}. */
  public long monthly(String provider, String region) {
    Map<String, Long> perProvider = byRegion.get(region);
    if (perProvider == null) {
      return 0;
    }
    Long n = perProvider.get(provider);
    return n == null ? 0 : n;
  }

  @Override
  public String toString() {
    return "Volumes" + byRegion;
  }

  /** Collects volumes; {@link #build()} freezes them. */
  public static final class Builder {
    private final Map<String, Map<String, Long>> byRegion = new HashMap<>();

    private Builder() {}

    /** Sets the volume of {@code provider} in {@code region}; must be >= 0. */
    public Builder put(String provider, String region, long units) {
      if (units < 0) {
        throw new IllegalArgumentException("units must be >= 0, but was " + units);
      }
      byRegion.computeIfAbsent(region, r -> new HashMap<>()).put(provider, units);
      return this;
    }

    /** An immutable snapshot of what was put. */
    public Volumes build() {
      Map<String, Map<String, Long>> copy = new HashMap<>();
      byRegion.forEach((region, perProvider) -> copy.put(region, Map.copyOf(perProvider)));
      return new Volumes(Map.copyOf(copy));
    }
  }
}
