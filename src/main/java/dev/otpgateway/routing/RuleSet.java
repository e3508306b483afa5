package dev.otpgateway.routing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A loaded, validated set of routing rules, identified by its {@link #version()}. Immutable and
 * safe to share between threads; a reload builds a new one. Only {@link RulesLoader} creates them,
 * so every instance has passed every check.
 */
public final class RuleSet {
  private final String version;
  private final String canonical;
  private final SortedMap<String, String> documents;
  private final List<String> sourceFiles;
  private final String baselineProvider;
  private final Weights defaultWeights;
  private final SortedMap<String, Provider> providers;
  private final SortedMap<String, Region> regions;
  private final SortedMap<String, Weights> tenantWeights;
  private final Map<String, RegionIndex> byCountry = new HashMap<>();
  private final Map<String, RegionIndex> byId = new HashMap<>();
  private final RegionIndex defaultRegion;

  RuleSet(
      String version,
      String canonical,
      Map<String, String> documents,
      String baselineProvider,
      Weights defaultWeights,
      Map<String, Provider> providers,
      Map<String, Region> regions,
      Map<String, Weights> tenantWeights) {
    this.version = version;
    this.canonical = canonical;
    this.documents = Copies.sortedMap(documents);
    this.sourceFiles = List.copyOf(this.documents.keySet());
    this.baselineProvider = baselineProvider;
    this.defaultWeights = defaultWeights;
    this.providers = Copies.sortedMap(providers);
    this.regions = Copies.sortedMap(regions);
    this.tenantWeights = Copies.sortedMap(tenantWeights);
    for (Region r : this.regions.values()) {
      RegionIndex index =
          new RegionIndex(r, this.providers.values(), defaultWeights, baselineProvider);
      byId.put(r.id(), index);
      for (String country : r.countries()) {
        byCountry.put(country, index);
      }
    }
    this.defaultRegion = byId.get(Region.DEFAULT);
  }

  /** {@code sha256:} and the hex SHA-256 of the canonical content; comments do not change it. */
  public String version() {
    return version;
  }

  /**
   * The canonical JSON of the rules: what {@link #version()} is the hash of. Comments, layout and
   * key order are gone; every value that can change a decision is in it.
   */
  public String canonical() {
    return canonical;
  }

  /**
   * The documents the rules were loaded from, by name: {@link RulesLoader#fromDocuments} builds the
   * same rules from them again, as the audit ledger does to re-run a decision.
   */
  public SortedMap<String, String> documents() {
    return documents;
  }

  /** The documents the rules were read from, relative to the rules directory, sorted. */
  public List<String> sourceFiles() {
    return sourceFiles;
  }

  /** The default single-provider baseline for finance reports. */
  public String baselineProvider() {
    return baselineProvider;
  }

  /** Weights where neither region nor tenant overrides them. */
  public Weights defaultWeights() {
    return defaultWeights;
  }

  /** Providers by id. */
  public SortedMap<String, Provider> providers() {
    return providers;
  }

  /** Regions by id, including {@value Region#DEFAULT}. */
  public SortedMap<String, Region> regions() {
    return regions;
  }

  /** Per-tenant weight overrides by tenant id. */
  public SortedMap<String, Weights> tenantWeights() {
    return tenantWeights;
  }

  /** The region that {@code country} (ISO alpha-2, upper case) routes through. */
  public Region regionFor(String country) {
    return index(country).region();
  }

  RegionIndex index(String country) {
    RegionIndex r = byCountry.get(country);
    return r == null ? defaultRegion : r;
  }

  @Override
  public String toString() {
    return "RuleSet["
        + version
        + ", "
        + regions.size()
        + " regions, "
        + providers.size()
        + " providers]";
  }
}
