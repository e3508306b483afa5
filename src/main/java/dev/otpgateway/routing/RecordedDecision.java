package dev.otpgateway.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A routing decision as the audit ledger keeps it: every input the decision was a function of, and
 * what it chose. With the rules version it names, an auditor can {@link #request() re-run} it
 * months later and compare ({@link #differencesFrom}), without the live system.
 *
 * <p>The number itself is not an input (routing decides on the country), so it is not kept.
 *
 * @param country the destination's ISO 3166 code
 * @param risk what the code protected
 * @param channel the channel the caller asked for
 * @param consent whether consent was recorded
 * @param rcsCapability what routing knew of whether the handset takes RCS: the RBM check's answer,
 *     that it gave none, or that there is no RBM adapter to ask
 * @param segments SMS segments of the message
 * @param tenantId the tenant, for its weight overrides
 * @param countryPermitted whether the tenant may send to the country
 * @param health each provider's breaker and observed quality when the decision was made
 * @param volumes this month's units per provider in the decision's region
 * @param region the region the country fell in
 * @param rulesVersion the rules that decided
 * @param candidates who was to be tried, in order
 * @param exclusions who was left out, and why
 * @param refusal why the request was refused, or null
 * @param skipped candidates the gateway did not try although routing ranked them: already tried for
 *     this code, or with no adapter configured
 * @param conversions what approvals said about the country's routes and how the decision explored,
 *     or null when delivery receipts scored quality
 */
public record RecordedDecision(
    String country,
    Risk risk,
    ChannelPreference channel,
    boolean consent,
    RcsCapability rcsCapability,
    int segments,
    String tenantId,
    boolean countryPermitted,
    Map<String, ProviderStatus> health,
    Map<String, Long> volumes,
    String region,
    String rulesVersion,
    List<Choice> candidates,
    List<Left> exclusions,
    RefusalCode refusal,
    List<Left> skipped,
    ConversionInputs conversions)
    implements java.io.Serializable {

  /** A stand-in number for a re-run: routing never reads the number, only its country. */
  private static final String ANY_NUMBER = "+10000000000";

  /** A provider and channel in the order routing ranked them. */
  public record Choice(String provider, Channel channel) implements java.io.Serializable {}

  /**
   * A provider and channel that was not tried.
   *
   * @param reason an {@link ExclusionReason#code()}, or for {@code skipped} entries {@code
   *     already_tried} or {@code not_configured}
   */
  public record Left(String provider, Channel channel, String reason)
      implements java.io.Serializable {}

  /**
   * The conversion evidence a decision was scored with, and its exploration.
   *
   * @param routes the destination country's routes by {@code provider/channel}
   * @param totals every route on each channel, in every country, together
   */
  public record ConversionInputs(
      Map<String, ConversionEvidence> routes,
      Map<Channel, ConversionEvidence> totals,
      Exploration exploration)
      implements java.io.Serializable {
    public ConversionInputs {
      routes = Map.copyOf(new TreeMap<>(routes));
      totals = Map.copyOf(totals);
      Objects.requireNonNull(exploration, "exploration");
    }
  }

  /** Copies and sorts, so two records of the same decision are equal. */
  public RecordedDecision {
    Objects.requireNonNull(country, "country");
    Objects.requireNonNull(risk, "risk");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(rulesVersion, "rulesVersion");
    health = Map.copyOf(new TreeMap<>(health));
    volumes = Map.copyOf(new TreeMap<>(volumes));
    candidates = List.copyOf(candidates);
    exclusions = List.copyOf(exclusions);
    skipped = List.copyOf(skipped);
  }

  /**
   * Records a decision with its inputs.
   *
   * @param skipped ranked candidates the caller did not try, with why
   */
  public static RecordedDecision of(
      RouteRequest request,
      ProviderHealth health,
      Volumes volumes,
      Conversions conversions,
      Exploration exploration,
      RouteDecision decision,
      List<Left> skipped) {
    Map<String, Long> regionVolumes = new TreeMap<>();
    List<Choice> candidates = new ArrayList<>(decision.candidates().size());
    for (RouteCandidate c : decision.candidates()) {
      candidates.add(new Choice(c.provider(), c.channel()));
    }
    List<Left> exclusions = new ArrayList<>(decision.exclusions().size());
    for (Exclusion e : decision.exclusions()) {
      exclusions.add(new Left(e.provider(), e.channel(), e.reason().code()));
    }
    for (String provider : health.asMap().keySet()) {
      long units = volumes.monthly(provider, decision.region());
      if (units > 0) {
        regionVolumes.put(provider, units);
      }
    }
    return new RecordedDecision(
        request.country(),
        request.risk(),
        request.channel(),
        request.consent(),
        request.rcsCapability(),
        request.segments(),
        request.tenantId(),
        request.countryPermitted(),
        health.asMap(),
        regionVolumes,
        decision.region(),
        decision.rulesVersion(),
        candidates,
        exclusions,
        decision.refused() ? decision.refusal().code() : null,
        skipped,
        conversions.on()
            ? new ConversionInputs(
                conversions.routesOf(request.country()), conversions.totals(), exploration)
            : null);
  }

  /** The request to re-run: the same inputs, with a stand-in number. */
  public RouteRequest request() {
    return new RouteRequest(
        ANY_NUMBER,
        country,
        risk,
        channel,
        consent,
        rcsCapability,
        segments,
        tenantId,
        // Only whether the country was permitted mattered: this set reproduces exactly that.
        countryPermitted ? java.util.Set.of() : java.util.Set.of("--"));
  }

  /** Provider health as it was recorded. */
  public ProviderHealth providerHealth() {
    return ProviderHealth.of(health);
  }

  /** This month's volumes in the decision's region, as recorded. */
  public Volumes monthlyVolumes() {
    Volumes.Builder builder = Volumes.builder();
    volumes.forEach((provider, units) -> builder.put(provider, region, units));
    return builder.build();
  }

  /** What approvals said, as recorded; {@link Conversions#OFF} when receipts scored quality. */
  public Conversions conversionSnapshot() {
    return conversions == null
        ? Conversions.OFF
        : Conversions.ofCountry(country, conversions.routes(), conversions.totals());
  }

  /** How the decision explored, as recorded. */
  public Exploration exploration() {
    return conversions == null ? Exploration.NONE : conversions.exploration();
  }

  /**
   * Where a re-run decision differs from this record: region, rules version, candidate order,
   * exclusions or refusal. Empty when the re-run decided exactly what was recorded.
   */
  public List<String> differencesFrom(RouteDecision rerun) {
    RecordedDecision again =
        of(
            request(),
            providerHealth(),
            monthlyVolumes(),
            conversionSnapshot(),
            exploration(),
            rerun,
            skipped);
    List<String> differences = new ArrayList<>();
    compare(differences, "region", region, again.region);
    compare(differences, "rules version", rulesVersion, again.rulesVersion);
    compare(differences, "candidates", candidates, again.candidates);
    compare(differences, "exclusions", exclusions, again.exclusions);
    compare(differences, "refusal", refusal, again.refusal);
    return differences;
  }

  private static void compare(List<String> out, String what, Object recorded, Object rerun) {
    if (!Objects.equals(recorded, rerun)) {
      out.add(what + ": recorded " + recorded + ", re-run " + rerun);
    }
  }
}
